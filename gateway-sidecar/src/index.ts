// @aispm/gateway-sidecar: what other components (the aispm CLI) may use of the sidecar.
export { GATEWAY_FLAG_HELP, loadConfig, type GatewayConfig } from "./config.js";
export { GatewayError, isGatewayError, toGatewayError, type GwErrorCode } from "./errors.js";
export { exitOnSignals, startGateway, type RunningGateway } from "./main.js";
