/** Formats a time in epoch milliseconds as the EASM API writes dates: "YYYY-MM-DD HH:mm:ss" in UTC. */
export function formatGatewayDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}
