import { describe, expect, it } from 'vitest';
import type { BranchEvent } from '../../main/wire/schemas.js';
import { AFTER_PRINTED_MS, NO_PAPER_SHOWN_MS, PrintLog, stageOf, TICKET_SHOWN_MS, ticketTiming } from '../../renderer/kiosk/print-progress.js';

let seq = 0;
const event = (type: string, payload: Record<string, unknown>) => ({ seq: ++seq, id: `e${seq}`, type, payload, at: 0 }) as unknown as BranchEvent;
const KIOSK = 'kiosk-1';
const queued = (jobId: string, ticketId: string, deviceId = KIOSK, reprint = false) =>
  event('print.queued', { jobId, ticketId, deviceId, displayNumber: 'A001', reprint });
const started = (jobId: string, ticketId: string, deviceId = KIOSK) => event('print.started', { jobId, ticketId, deviceId });
const printed = (jobId: string, ticketId: string, deviceId = KIOSK) => event('print.printed', { jobId, ticketId, deviceId, warning: null });
const failed = (jobId: string, ticketId: string, reason: string, deviceId = KIOSK) =>
  event('print.failed', { jobId, ticketId, deviceId, displayNumber: 'A001', reason });

describe('the paper of the ticket on screen', () => {
  it('follows its job from queued through printing to printed, and ignores other events and other jobs', () => {
    const log = new PrintLog();
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'waiting' });
    expect(log.record(event('ticket.issued', { ticket: {} }))).toBe(false);
    expect(log.record(queued('j1', 't1'))).toBe(true);
    log.record(queued('j2', 't2'));
    log.record(started('j1', 't1'));
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'printing' });
    log.record(failed('j2', 't2', 'paper_out'));
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'printing' });
    log.record(printed('j1', 't1'));
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'printed' });
    expect(log.stateOf('t2', 'j2')).toEqual({ phase: 'failed', reason: 'paper_out' });
  });

  it('knows a job that finished before the kiosk learned its id', () => {
    const log = new PrintLog();
    log.record(queued('j1', 't1'));
    log.record(started('j1', 't1'));
    log.record(printed('j1', 't1'));
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'printed' });
  });

  it('follows a reprint on the same printer, but not one sent to another kiosk', () => {
    const log = new PrintLog();
    log.record(queued('j1', 't1'));
    log.record(failed('j1', 't1', 'cover_open'));
    log.record(queued('j2', 't1', 'kiosk-2', true));
    log.record(printed('j2', 't1', 'kiosk-2'));
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'failed', reason: 'cover_open' });
    log.record(queued('j3', 't1', KIOSK, true));
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'waiting' });
    log.record(printed('j3', 't1'));
    expect(log.stateOf('t1', 'j1')).toEqual({ phase: 'printed' });
  });

  it('has no paper to wait for without a print job', () => {
    expect(new PrintLog().stateOf('t1', null)).toEqual({ phase: 'waiting' });
  });

  it('forgets the oldest jobs of a long day', () => {
    const log = new PrintLog();
    log.record(queued('old', 't0'));
    log.record(printed('old', 't0'));
    for (let i = 1; i <= 100; i++) log.record(queued(`j${i}`, `t${i}`));
    expect(log.stateOf('t0', 'old')).toEqual({ phase: 'waiting' });
    log.record(printed('j100', 't100'));
    expect(log.stateOf('t100', 'j100')).toEqual({ phase: 'printed' });
  });
});

describe('how long the ticket stays on screen', () => {
  const shown = 1_000_000;

  it('says printing, then leaves after the normal time once printed', () => {
    expect(stageOf('waiting')).toBe('pending');
    expect(stageOf('printing')).toBe('pending');
    expect(ticketTiming('pending', shown, shown, shown + 500)).toEqual({ view: 'printing', until: shown + TICKET_SHOWN_MS });
    expect(ticketTiming('printed', shown, shown + 2_000, shown + 2_000)).toEqual({ view: 'printed', until: shown + TICKET_SHOWN_MS });
  });

  it('gives time to take paper that came out late', () => {
    expect(ticketTiming('printed', shown, shown + 9_000, shown + 9_000).until).toBe(shown + 9_000 + AFTER_PRINTED_MS);
  });

  it('keeps a ticket whose print failed three times as long, counted from the failure', () => {
    const timing = ticketTiming('failed', shown, shown + 3_000, shown + 3_000);
    expect(timing).toEqual({ view: 'failed', until: shown + 3_000 + NO_PAPER_SHOWN_MS });
    expect(NO_PAPER_SHOWN_MS).toBeGreaterThanOrEqual(3 * TICKET_SHOWN_MS);
  });

  it('turns late when no paper came in the normal time, and keeps the ticket as long as a failed one', () => {
    expect(ticketTiming('pending', shown, shown, shown + TICKET_SHOWN_MS)).toEqual({ view: 'late', until: shown + NO_PAPER_SHOWN_MS });
  });

  it('counts a reprint as printing again from when it was queued', () => {
    const reprinted = shown + 20_000;
    expect(ticketTiming('pending', shown, reprinted, reprinted + 1_000)).toEqual({ view: 'printing', until: reprinted + TICKET_SHOWN_MS });
  });
});
