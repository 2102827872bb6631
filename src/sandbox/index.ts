/** The sandbox gateway: a local HTTP server that speaks the documented Qualys gateway API. */
export { SANDBOX_PASSWORD, SANDBOX_USERNAME, startSandbox } from "./server.js";
export type { RecordedRequest, SandboxGateway, SandboxLogger, SandboxOptions } from "./server.js";
export { parseFaultSpec } from "./faults.js";
export type {
  DelayFault,
  Fault,
  FaultKind,
  FaultScope,
  HtmlFault,
  MalformedJsonFault,
  RateLimitFault,
  ResetFault,
  StatusFault,
  TruncatedFault,
  XmlErrorFault,
} from "./faults.js";
