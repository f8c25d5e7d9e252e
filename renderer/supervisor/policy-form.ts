import type { PolicyConfig } from '../../main/wire/schemas.js';
import type { TextKey } from './supervisor-text.js';

type PolicyKey = keyof PolicyConfig;

/** The calling policy's settings as the form shows them, most consequential first; bounds as the hub checks them. */
export const POLICY_FIELDS: readonly { key: PolicyKey; label: TextKey; hint: TextKey; min: number; max: number }[] = [
  { key: 'maxWaitMinutes', label: 'policyMaxWait', hint: 'policyMaxWaitHint', min: 5, max: 1440 },
  { key: 'normalsPerPriority', label: 'policyRatio', hint: 'policyRatioHint', min: 0, max: 20 },
  { key: 'bookingEarlyMinutes', label: 'policyEarly', hint: 'policyEarlyHint', min: 0, max: 240 },
  { key: 'bookingLateMinutes', label: 'policyLate', hint: 'policyLateHint', min: 0, max: 240 },
  { key: 'maxRecalls', label: 'policyRecalls', hint: 'policyRecallsHint', min: 0, max: 10 },
];

/** The policy the form describes now, and the fields whose text is not a whole number in bounds. */
export interface PolicyDraft {
  policy: PolicyConfig;
  invalid: PolicyKey[];
}

/** Reads the typed fields over the saved policy; a field not typed in keeps its saved value. */
export function readPolicyDraft(saved: PolicyConfig, typed: Partial<Record<PolicyKey, string>>): PolicyDraft {
  const policy = { ...saved };
  const invalid: PolicyKey[] = [];
  for (const f of POLICY_FIELDS) {
    const text = typed[f.key]?.trim();
    if (text === undefined) continue;
    const value = Number(text);
    if (!/^\d{1,4}$/.test(text) || value < f.min || value > f.max) invalid.push(f.key);
    else policy[f.key] = value;
  }
  return { policy, invalid };
}

/** Only the settings that differ from the saved policy: what a save sends and the preview applies. */
export function policyChange(saved: PolicyConfig, draft: PolicyDraft): Partial<PolicyConfig> {
  const change: Partial<PolicyConfig> = {};
  for (const f of POLICY_FIELDS) if (draft.policy[f.key] !== saved[f.key]) change[f.key] = draft.policy[f.key];
  return change;
}
