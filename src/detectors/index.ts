import type { Detector } from '../core/detector';
import { batchQuestions } from './batch-questions';
import { callRecap } from './call-recap';
import { clientSilence } from './client-silence';
import { closedQuestion } from './closed-question';
import { complaintProtocol } from './complaint-protocol';
import { deadlineMissing } from './deadline-missing';
import { delayNotice } from './delay-notice';
import { dmUsage } from './dm-usage';
import { linkPermission } from './link-permission';
import { overlongReply } from './overlong-reply';
import { phoneNumber } from './phone-number';
import { reactionOnly } from './reaction-only';
import { responseTime } from './response-time';
import { sendTiming } from './send-timing';
import { unsolicitedCheckin } from './unsolicited-checkin';

/**
 * Every detector, by rule id. Explicit and sorted (nothing scans a folder). Each is
 * `defineDetector({ meta, handlers })` (core/detector.ts): the events a rule gets are the keys of
 * its `handlers`, and every text it posts is in its `meta.messages` (or, for response-time's
 * thresholds, its options).
 */
export const DETECTORS: Record<string, Detector> = {
  'batch-questions': batchQuestions as unknown as Detector,
  'call-recap': callRecap as unknown as Detector,
  'client-silence': clientSilence as unknown as Detector,
  'closed-question': closedQuestion as unknown as Detector,
  'complaint-protocol': complaintProtocol as unknown as Detector,
  'deadline-missing': deadlineMissing as unknown as Detector,
  'delay-notice': delayNotice as unknown as Detector,
  'dm-usage': dmUsage as unknown as Detector,
  'link-permission': linkPermission as unknown as Detector,
  'overlong-reply': overlongReply as unknown as Detector,
  'phone-number': phoneNumber as unknown as Detector,
  'reaction-only': reactionOnly as unknown as Detector,
  'response-time': responseTime as unknown as Detector,
  'send-timing': sendTiming as unknown as Detector,
  'unsolicited-checkin': unsolicitedCheckin as unknown as Detector,
};
