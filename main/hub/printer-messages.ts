/** A printer's condition said as the supervisor's fault list says it: "Printer Kiosk lobby: paper out". */
const WORDS: Record<string, string> = {
  ready: 'ready',
  paper_near_end: 'paper nearly out, replace the roll soon',
  paper_out: 'paper out',
  cover_open: 'cover open',
  offline: 'offline',
  error: 'printer error, switch it off and on',
  no_answer: 'not answering',
  unreachable: 'cannot be reached (cable or network)',
  interrupted: 'printing was interrupted',
};

export function printerMessage(deviceName: string, condition: string, detail: string | null): string {
  return `Printer ${deviceName}: ${WORDS[condition] ?? condition}${detail ? ` (${detail})` : ''}`;
}
