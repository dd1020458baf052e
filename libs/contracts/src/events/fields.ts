/**
 * Field schemas the event contracts share. Each becomes the same small JSON Schema it always
 * was (a pattern or a format), so ajv's verdicts and messages do not depend on zod's wording.
 */
import { z } from 'zod';
import { UUID_PATTERN } from '../envelope';

/** A platform id: a lower-case UUID (any version; the platform mints v7). */
export const uuid = z.string().regex(new RegExp(UUID_PATTERN));

/** A calendar day, `YYYY-MM-DD` (in the province's time zone where it matters). */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** An instant, ISO 8601 with a time zone (`format: date-time`, checked by ajv-formats). */
export const dateTime = z.iso.datetime({ offset: true });

/** A school year (năm học), e.g. `2025-2026`. */
export const schoolYearCode = z.string().regex(/^\d{4}-\d{4}$/);

/** A score or bonus: 0-10 with at most two decimals. */
export const score = z.number().min(0).max(10).multipleOf(0.01);

/** Counts are whole numbers from 0. */
export const count = z.int().min(0);
