/**
 * The Q.850 causes a spec may end a call with (FreeSWITCH's names), with the SIP response
 * FreeSWITCH sends for each before the call is answered (switch_core / sofia's cause → SIP table).
 * The schema's enum of destination.hangup lists the same names (a test keeps them equal).
 */
export const HANGUP_CAUSES: Readonly<Record<string, { readonly q850: number; readonly sip: number }>> = {
  NORMAL_CLEARING: { q850: 16, sip: 480 },
  USER_BUSY: { q850: 17, sip: 486 },
  NO_USER_RESPONSE: { q850: 18, sip: 408 },
  NO_ANSWER: { q850: 19, sip: 480 },
  CALL_REJECTED: { q850: 21, sip: 603 },
  UNALLOCATED_NUMBER: { q850: 1, sip: 404 },
  NO_ROUTE_DESTINATION: { q850: 3, sip: 404 },
  NUMBER_CHANGED: { q850: 22, sip: 410 },
  DESTINATION_OUT_OF_ORDER: { q850: 27, sip: 502 },
  INVALID_NUMBER_FORMAT: { q850: 28, sip: 484 },
  FACILITY_REJECTED: { q850: 29, sip: 501 },
  NORMAL_UNSPECIFIED: { q850: 31, sip: 480 },
  NORMAL_CIRCUIT_CONGESTION: { q850: 34, sip: 503 },
  NORMAL_TEMPORARY_FAILURE: { q850: 41, sip: 503 },
  SWITCH_CONGESTION: { q850: 42, sip: 503 },
  SERVICE_UNAVAILABLE: { q850: 63, sip: 503 },
  INCOMPATIBLE_DESTINATION: { q850: 88, sip: 488 },
};

/** "USER_BUSY (Q.850 17, SIP 486 before an answer)". */
export function causeText(cause: string): string {
  const c = HANGUP_CAUSES[cause];
  return c ? `${cause} (Q.850 ${c.q850}, SIP ${c.sip} before an answer)` : cause;
}
