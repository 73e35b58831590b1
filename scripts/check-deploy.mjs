#!/usr/bin/env node
// Checks the operator's kit in deploy/ against the code, without docker, cargo or npm packages:
//   node scripts/check-deploy.mjs
// (a) every Grafana dashboard is valid JSON (schemaVersion 39) using a provisioned datasource;
// (b) every metric in a dashboard or alert `expr` is registered in relayer/src/metrics.rs (with
//     the registry prefix the code applies) or is a string in the polkadot-sdk `sc-*` sources of
//     the cargo registry (the versions in Cargo.lock);
// (c) compose.yaml publishes ports on 127.0.0.1 only;
// (d) every key in deploy/*.toml is a field of the structs in relayer/src/config.rs, and the
//     required ones missing from a file are set by a MOORING_RELAYER_* variable in compose.yaml;
// (e) every MOORING_RELAYER_* variable the kit sets is an override config.rs knows (or a secret);
// (f) every --flag given to mooring-node / mooring-eth-rpc / mooring-relayer in compose.yaml, the
//     systemd units and deploy/README.md exists in their clap definitions;
// (g) every ${VAR} compose.yaml reads is listed in deploy/.env.example.
// Exits 1 with the list of problems, 0 when everything holds.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const deploy = join(root, 'deploy');
const problems = [];
const fail = (message) => problems.push(message);
const say = (message) => console.log(message);
const read = (path) => readFileSync(path, 'utf8');
// ' (ok)' or ' (N problems)': what a section found since `since = problems.length`.
const status = (since) => (problems.length === since ? ' (ok)' : ` (${problems.length - since} problem(s), below)`);
const rel = (path) => relative(root, path);
const files = (dir, test) =>
	existsSync(dir) ? readdirSync(dir).filter(test).map((name) => join(dir, name)) : [];
const walk = (dir, out = []) => {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		const stat = statSync(path);
		if (stat.isDirectory()) walk(path, out);
		else if (name.endsWith('.rs')) out.push(path);
	}
	return out;
};

// ---- relayer metrics, named the way relayer/src/metrics.rs registers them ----
const metricsRs = read(join(root, 'relayer/src/metrics.rs')).split('#[cfg(test)]')[0];
const prefixMatch = metricsRs.match(/Registry::new_custom\(\s*Some\("([a-z_:][a-z0-9_:]*)"/);
if (!prefixMatch) fail('relayer/src/metrics.rs: cannot find the registry prefix (Registry::new_custom)');
const prefix = prefixMatch ? `${prefixMatch[1]}_` : '';
const relayerMetrics = new Set();
const registration =
	/(?:\b(?:gauge|counter)\(\s*&registry,\s*|Opts::new\(\s*|\b(?:Int)?(?:Gauge|Counter|Histogram)(?:Vec)?::new\(\s*)"([a-z_:][a-z0-9_:]*)"/g;
for (const [, name] of metricsRs.matchAll(registration)) relayerMetrics.add(prefix + name);
say(`relayer metrics: ${relayerMetrics.size} registered in relayer/src/metrics.rs with prefix "${prefix}"`);
if (relayerMetrics.size === 0) fail('relayer/src/metrics.rs: no metric found');

// ---- the cargo registry's sources of the crates in Cargo.lock ----
const lock = read(join(root, 'Cargo.lock'));
const locked = new Map();
for (const [, name, version] of lock.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g)) {
	if (!locked.has(name)) locked.set(name, []);
	locked.get(name).push(version);
}
const registry = join(process.env.CARGO_HOME || join(homedir(), '.cargo'), 'registry', 'src');
const indexes = existsSync(registry) ? files(registry, () => true) : [];
const crateDirs = (name) =>
	(locked.get(name) || [])
		.map((version) => indexes.map((index) => join(index, `${name}-${version}`)).find(existsSync))
		.filter(Boolean);
const scCrates = [...locked.keys()].filter((name) => name.startsWith('sc-'));
const scDirs = scCrates.flatMap(crateDirs);
let substrateMetrics = null;
if (scDirs.length === 0) {
	say(`substrate metrics: NOT CHECKED, no sc-* sources under ${registry} (run cargo fetch); only relayer metrics are verified`);
} else {
	substrateMetrics = new Set();
	for (const dir of scDirs)
		for (const file of walk(dir))
			for (const [, name] of read(file).matchAll(/"(substrate_[a-z0-9_]+)"/g)) substrateMetrics.add(name);
	say(`substrate metrics: ${substrateMetrics.size} names in ${scDirs.length} of ${scCrates.length} sc-* crates of Cargo.lock (${registry})`);
}

// Metric names of a PromQL expression: strings, label matchers, ranges, grouping clauses and
// function calls removed; what is left that looks like a name is a metric.
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left',
	'group_right', 'bool', 'offset', 'inf', 'nan', 'start', 'end']);
const BUILTIN = new Set(['up']); // series Prometheus itself writes for every target
function metricNames(expr) {
	let text = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
	text = text.replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ');
	text = text.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
	text = text.replace(/\$\{?\w+\}?/g, ' ');
	const names = [];
	for (const match of text.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
		const [, name, call] = match;
		if (call || KEYWORDS.has(name.toLowerCase())) continue;
		if (/^\d/.test(text.slice(match.index - 1, match.index))) continue;
		names.push(name);
	}
	return names;
}
function metricKnown(name) {
	if (BUILTIN.has(name) || relayerMetrics.has(name)) return true;
	if (!name.startsWith('substrate_')) return false;
	if (!substrateMetrics) return null;
	const base = name.replace(/_(bucket|sum|count)$/, '');
	return substrateMetrics.has(name) || substrateMetrics.has(base);
}
const metricsUsed = new Map();
function checkExpr(where, expr) {
	for (const name of metricNames(expr)) {
		const known = metricKnown(name);
		metricsUsed.set(name, known);
		if (known === false)
			fail(`${where}: metric ${name} is neither in relayer/src/metrics.rs nor in the Substrate sources`);
	}
}

// ---- (a) dashboards ----
const datasourceUids = new Set();
for (const file of files(join(deploy, 'grafana/provisioning/datasources'), (n) => /\.ya?ml$/.test(n)))
	for (const [, uid] of read(file).matchAll(/^\s*uid:\s*"?([\w-]+)"?\s*$/gm)) datasourceUids.add(uid);
const dashboards = files(join(deploy, 'grafana/dashboards'), (n) => n.endsWith('.json'));
if (dashboards.length === 0) fail('deploy/grafana/dashboards: no dashboard');
if (!existsSync(join(deploy, 'grafana/provisioning/dashboards'))) fail('deploy/grafana/provisioning/dashboards is missing');
let dashboardExprs = 0;
for (const file of dashboards) {
	const since = problems.length;
	let dashboard;
	try {
		dashboard = JSON.parse(read(file));
	} catch (e) {
		fail(`${rel(file)}: not valid JSON: ${e.message}`);
		continue;
	}
	if (dashboard.schemaVersion !== 39) fail(`${rel(file)}: schemaVersion is ${dashboard.schemaVersion}, expected 39`);
	if (!dashboard.uid || !dashboard.title) fail(`${rel(file)}: a dashboard needs a uid and a title`);
	const panels = [...(dashboard.panels || [])];
	for (let i = 0; i < panels.length; i++) panels.push(...(panels[i].panels || []));
	for (const panel of panels) {
		const sources = [panel.datasource, ...(panel.targets || []).map((t) => t.datasource)].filter(Boolean);
		for (const source of sources)
			if (!datasourceUids.has(source.uid))
				fail(`${rel(file)}: panel "${panel.title}" uses datasource uid ${source.uid}, not provisioned`);
		for (const target of panel.targets || []) {
			if (!target.expr) continue;
			dashboardExprs++;
			checkExpr(`${rel(file)} panel "${panel.title}"`, target.expr);
		}
	}
	say(`dashboard ${rel(file)}: valid JSON, schemaVersion ${dashboard.schemaVersion}, ${panels.length} panels${status(since)}`);
}

// ---- alert rules (YAML read line by line: `expr:` one line, or a `|` / `>` block) ----
const alertsFile = join(deploy, 'prometheus/alerts.yml');
let alertExprs = 0, alertCount = 0;
if (!existsSync(alertsFile)) fail('deploy/prometheus/alerts.yml is missing');
else {
	const lines = read(alertsFile).split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (/^\s*-?\s*alert:\s*\S/.test(lines[i])) alertCount++;
		const m = lines[i].match(/^(\s*)(?:-\s*)?expr:\s*(.*)$/);
		if (!m) continue;
		let expr = m[2].trim();
		if (/^[|>][-+]?$/.test(expr)) {
			const block = [];
			while (i + 1 < lines.length && (lines[i + 1].trim() === '' || lines[i + 1].search(/\S/) > m[1].length)) block.push(lines[++i].trim());
			expr = block.join(' ');
		} else if (/^["']/.test(expr)) expr = expr.slice(1, -1);
		alertExprs++;
		checkExpr(`deploy/prometheus/alerts.yml:${i + 1}`, expr);
	}
	if (alertExprs !== alertCount) fail(`deploy/prometheus/alerts.yml: ${alertCount} alerts but ${alertExprs} expr lines`);
	const prometheusYml = read(join(deploy, 'prometheus/prometheus.yml'));
	if (!/^\s*-\s*alerts\.yml\s*$/m.test(prometheusYml)) fail('deploy/prometheus/prometheus.yml does not load alerts.yml');
}
const byStatus = (status) => [...metricsUsed].filter(([, known]) => known === status).map(([name]) => name);
const [unverified, unknown] = [byStatus(null), byStatus(false)];
say(`metrics: ${metricsUsed.size} distinct names in ${dashboardExprs} dashboard and ${alertExprs} alert expressions (${alertCount} alerts): ` +
	`${metricsUsed.size - unverified.length - unknown.length} registered in the code, ${unknown.length} unknown` +
	(unverified.length ? `, NOT verified (no Substrate sources): ${unverified.join(', ')}` : ''));

// ---- (c) compose ports, (g) its variables ----
const composeFile = join(deploy, 'compose.yaml');
const compose = read(composeFile);
const composeLines = compose.split('\n');
let portCount = 0;
let since = problems.length;
for (let i = 0; i < composeLines.length; i++) {
	const line = composeLines[i];
	if (/^\s*network_mode:\s*"?host"?\s*$/.test(line)) fail(`deploy/compose.yaml:${i + 1}: network_mode host publishes every port`);
	const m = line.match(/^(\s*)ports:\s*(.*)$/);
	if (!m) continue;
	const entries = [];
	if (m[2].trim().startsWith('[')) entries.push(...m[2].replace(/[[\]]/g, '').split(',').map((s) => [i, s]));
	else
		while (i + 1 < composeLines.length && (composeLines[i + 1].trim() === '' || composeLines[i + 1].search(/\S/) > m[1].length)) {
			i++;
			if (composeLines[i].trim() !== '') entries.push([i, composeLines[i].replace(/#.*$/, '').trim().replace(/^-\s*/, '')]);
		}
	for (const [at, raw] of entries) {
		const entry = raw.trim().replace(/^["']|["']$/g, '');
		portCount++;
		if (!/^127\.0\.0\.1:[^:]+:[^:]+$/.test(entry))
			fail(`deploy/compose.yaml:${at + 1}: port "${entry}" is not published on 127.0.0.1 (write 127.0.0.1:HOST:CONTAINER)`);
	}
}
say(`compose ports: ${portCount} published, each must be on 127.0.0.1${status(since)}`);
since = problems.length;
const envExample = read(join(deploy, '.env.example'));
const listed = new Set([...envExample.matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
const interpolated = new Set([...compose.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
for (const name of interpolated) if (!listed.has(name)) fail(`deploy/compose.yaml reads \${${name}}, which deploy/.env.example does not list`);
say(`compose variables: ${interpolated.size} read, each must be listed in deploy/.env.example${status(since)}`);

// ---- (d) relayer config keys, (e) override variables ----
const configRs = read(join(root, 'relayer/src/config.rs')).split('#[cfg(test)]')[0];
const structs = new Map();
for (const [, name, body] of configRs.matchAll(/pub struct (\w+) \{([\s\S]*?)\n\}/g)) {
	const fields = new Map();
	let attributes = '';
	for (const line of body.split('\n')) {
		const t = line.trim();
		if (t.startsWith('#[')) attributes += t;
		const f = t.match(/^pub (\w+):\s*(.+),$/);
		if (f) {
			const type = f[2].replace(/^Option<(.+)>$/, '$1');
			fields.set(f[1], { type, required: !/serde\(.*default/.test(attributes) && !f[2].startsWith('Option<') });
			attributes = '';
		} else if (!t.startsWith('#[') && !t.startsWith('///')) attributes = '';
	}
	structs.set(name, fields);
}
if (!structs.has('Config')) fail('relayer/src/config.rs: struct Config not found');
const overridable = (configRs.match(/OVERRIDABLE_KEYS: &\[&str\] = &\[([\s\S]*?)\];/) || [, ''])[1];
const overrideKeys = [...overridable.matchAll(/"([a-z0-9_.]+)"/g)].map((m) => m[1]);
const envName = (key) => `MOORING_RELAYER_${key.replace(/\./g, '_').toUpperCase()}`;
const overrideNames = new Set(overrideKeys.map(envName));
const isSecret = (name) => name === 'MOORING_RELAYER_L2_SURI' || name.endsWith('_KEY') || name.endsWith('_PASSWORD');
const fieldAt = (path) => {
	let struct = structs.get('Config');
	let field;
	for (const part of path) {
		field = struct && struct.get(part);
		if (!field) return null;
		struct = structs.get(field.type);
	}
	return field;
};
say(`relayer config: ${structs.size} structs in relayer/src/config.rs, ${overrideKeys.length} overridable keys`);
for (const file of files(deploy, (n) => n.endsWith('.toml'))) {
	const since = problems.length;
	let section = [];
	const seen = new Set();
	read(file).split('\n').forEach((line, i) => {
		const t = line.replace(/#.*$/, '').trim();
		if (!t) return;
		const header = t.match(/^\[([a-z0-9_.]+)\]$/);
		const where = `${rel(file)}:${i + 1}`;
		if (header) {
			section = header[1].split('.');
			if (!fieldAt(section)) fail(`${where}: [${header[1]}] is not a section of relayer/src/config.rs`);
			return;
		}
		const kv = t.match(/^([a-z0-9_]+)\s*=\s*(.*)$/);
		if (!kv) return fail(`${where}: cannot read "${t}"`);
		const path = [...section, kv[1]];
		seen.add(path.join('.'));
		if (!fieldAt(path)) fail(`${where}: ${path.join('.')} is not a field of relayer/src/config.rs`);
		if (kv[2].startsWith('{'))
			for (const [, key] of kv[2].matchAll(/([a-z0-9_]+)\s*=/g)) {
				if (!fieldAt([...path, key])) fail(`${where}: ${[...path, key].join('.')} is not a field of relayer/src/config.rs`);
				seen.add([...path, key].join('.'));
			}
	});
	// Required fields (no serde default) missing from the file must come from the environment.
	const missing = [];
	const visit = (struct, path) => {
		for (const [name, field] of structs.get(struct)) {
			const p = [...path, name];
			if (structs.has(field.type) && (field.required || [...seen].some((k) => k.startsWith(`${p.join('.')}.`)))) visit(field.type, p);
			else if (field.required && !seen.has(p.join('.'))) missing.push(p.join('.'));
		}
	};
	visit('Config', []);
	for (const key of missing)
		if (!compose.includes(`${envName(key)}:`)) fail(`${rel(file)}: required ${key} is neither in the file nor set by ${envName(key)} in deploy/compose.yaml`);
	say(`${rel(file)}: ${seen.size} keys checked against config.rs; required, from the environment: ${missing.join(', ') || 'none'}${status(since)}`);
}
const envSources = [composeFile, ...files(join(deploy, 'systemd'), (n) => n.endsWith('.service')),
	...files(deploy, (n) => n.endsWith('.example')), join(deploy, 'README.md')].filter(existsSync);
const envUsed = new Set();
since = problems.length;
for (const file of envSources)
	for (const [name] of read(file).matchAll(/MOORING_RELAYER_[A-Z0-9_]+/g)) {
		if (name.endsWith('_')) continue; // a family in prose, e.g. MOORING_RELAYER_L1_*
		envUsed.add(name);
		if (!overrideNames.has(name) && !isSecret(name))
			fail(`${rel(file)}: ${name} is not an override of relayer/src/config.rs (the relayer refuses unknown MOORING_RELAYER_* variables)`);
	}
say(`relayer variables: ${envUsed.size} MOORING_RELAYER_* names in ${envSources.length} files, each must be an override or a secret${status(since)}`);

// ---- (f) command-line flags ----
function longFlags(...paths) {
	const flags = new Set();
	for (const path of paths.flatMap((p) => (statSync(p).isDirectory() ? walk(p) : [p]))) {
		const lines = read(path).split('\n');
		for (let i = 0; i < lines.length; i++) {
			if (!/#\[(arg|clap)\(/.test(lines[i])) continue;
			let attribute = lines[i];
			while (!/\)\]\s*$/.test(attribute) && i + 1 < lines.length) attribute += lines[++i];
			if (!/\blong\b/.test(attribute)) continue;
			const explicit = attribute.match(/\blong\s*=\s*"([^"]+)"/);
			for (const [, alias] of attribute.matchAll(/\balias\s*=\s*"([^"]+)"/g)) flags.add(alias);
			let j = i + 1;
			while (j < lines.length && !/^\s*(pub(\([^)]*\))?\s+)?[a-z_][a-z0-9_]*\s*:/.test(lines[j])) j++;
			const field = (lines[j] || '').match(/([a-z_][a-z0-9_]*)\s*:/);
			if (explicit) flags.add(explicit[1]);
			else if (field) flags.add(field[1].replace(/_/g, '-'));
		}
	}
	return flags;
}
const [scCli] = crateDirs('sc-cli');
const [ethRpc] = crateDirs('pallet-revive-eth-rpc');
const known = { 'mooring-relayer': longFlags(join(root, 'relayer/src/main.rs')) };
if (scCli) {
	known['mooring-node'] = longFlags(join(root, 'node/src'), join(scCli, 'src/params'), join(scCli, 'src/commands'));
	if (ethRpc) known['mooring-eth-rpc'] = longFlags(join(ethRpc, 'src/cli.rs'), join(scCli, 'src/params'));
}
for (const flag of ['help', 'version']) for (const set of Object.values(known)) set.add(flag);
say(`flags: ${Object.entries(known).map(([b, s]) => `${b} ${s.size}`).join(', ')}` +
	(scCli ? '' : '; mooring-node and mooring-eth-rpc flags NOT CHECKED (no sc-cli sources)'));
const invocations = []; // [where, binary, text]
for (const [service, body] of compose.split(/\n(?=  [a-z][a-z0-9-]*:\n)/).map((s) => [s.match(/^\s*([a-z][\w-]*):/)?.[1], s])) {
	const inline = body.match(/\n\s+command:\s*\[(.*)\]/);
	const block = body.match(/\n(\s+)command:\s*\n((?:\1\s+-.*\n?)+)/);
	const words = inline ? inline[1].split(',') : block ? block[2].split('\n').map((l) => l.trim().replace(/^-\s*/, '')) : [];
	if (words.length) invocations.push([`deploy/compose.yaml service ${service}`, basename(words[0].trim()), words.join(' ')]);
}
for (const file of files(join(deploy, 'systemd'), (n) => n.endsWith('.service')))
	for (const line of read(file).split('\n').filter((l) => l.startsWith('ExecStart=')))
		invocations.push([rel(file), basename(line.slice(10).split(/\s/)[0]), line]);
const readme = join(deploy, 'README.md');
if (existsSync(readme)) {
	const text = read(readme).replace(/\\\n/g, ' ');
	const inline = text.replace(/```[\s\S]*?```/g, '').match(/`[^`\n]+`/g) || [];
	for (const block of [...(text.match(/```[\s\S]*?```/g) || []), ...inline])
		for (const line of block.split('\n')) {
			const node = line.match(/MOORING_NODE_ARGS=(.*)$/);
			if (node) invocations.push(['deploy/README.md', 'mooring-node', node[1]]);
			for (const m of line.matchAll(/\b(mooring-node|mooring-eth-rpc|mooring-relayer)\b(?![.-])(.*)$/g))
				invocations.push(['deploy/README.md', m[1], m[2]]);
		}
}
let flagCount = 0;
since = problems.length;
for (const [where, binary, text] of invocations) {
	const flags = known[binary];
	if (!flags) continue;
	for (const [, flag] of text.matchAll(/(?:^|[\s,\[])--([a-z][a-z0-9-]*)/g)) {
		flagCount++;
		if (!flags.has(flag)) fail(`${where}: ${binary} has no flag --${flag}`);
	}
}
say(`flags: ${flagCount} uses in ${invocations.length} command lines${status(since)}`);

// ---- the Dockerfile builds the real packages ----
since = problems.length;
const dockerfile = read(join(deploy, 'Dockerfile'));
const packages = new Set(['node', 'eth-rpc', 'relayer'].map((d) => read(join(root, d, 'Cargo.toml')).match(/^name = "([^"]+)"/m)[1]));
for (const [, name] of dockerfile.matchAll(/-p\s+([\w-]+)/g)) if (!packages.has(name)) fail(`deploy/Dockerfile: no package ${name}`);
for (const name of packages) if (!dockerfile.includes(`target/release/${name}`)) fail(`deploy/Dockerfile does not ship ${name}`);
say(`Dockerfile: must build and ship ${[...packages].join(', ')}${status(since)}`);

if (problems.length) {
	console.error(`\ncheck-deploy: ${problems.length} problem(s):`);
	for (const problem of problems) console.error(`  - ${problem}`);
	process.exit(1);
}
say('\ncheck-deploy: OK');
