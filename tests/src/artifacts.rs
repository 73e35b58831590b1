//! Bindings to the compiled Solidity contracts in `contracts/artifacts` (ABI and bytecode).

alloy::sol!(
	#[sol(rpc)]
	DevToken,
	"../contracts/artifacts/DevToken.json"
);
