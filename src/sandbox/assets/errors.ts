/**
 * A request the asset API rejects with 400 BAD_REQUEST. The message is sent to the client
 * as `responseMessage`, so it names the bad field, operator, value or query position.
 */
export class BadRequestError extends Error {
  override readonly name = "BadRequestError";
}
