import { Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInput } from '@qn/contracts';

/** `2025-2026`: two consecutive years. */
@Injectable()
export class SchoolYearPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const m = /^(\d{4})-(\d{4})$/.exec(value ?? '');
    if (!m || Number(m[2]) !== Number(m[1]) + 1)
      throw InvalidInput.of('schoolYear', 'must be a school year such as 2025-2026');
    return value;
  }
}

/** An optional version number (1, 2, ...). */
@Injectable()
export class VersionPipe implements PipeTransform<string | undefined, number | undefined> {
  transform(value: string | undefined): number | undefined {
    if (value === undefined || value === '') return undefined;
    if (!/^[1-9]\d{0,5}$/.test(value))
      throw InvalidInput.of('version', 'must be a whole number from 1');
    return Number(value);
  }
}
