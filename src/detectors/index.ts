import type { Detector } from '../core/detector';
import { responseTime } from './response-time';

/** Every detector, by rule id. Explicit and sorted (nothing scans a folder). */
export const DETECTORS: Record<string, Detector> = {
  'response-time': responseTime as unknown as Detector,
};
