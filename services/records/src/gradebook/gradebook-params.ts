import { Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInput } from '@qn/contracts';

/** A subject code of the curriculum (TOAN, NV, GDTC…), as the teaching assignments name it. */
@Injectable()
export class SubjectCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Z0-9_]{1,30}$/.test(value))
      throw new InvalidInput([
        { field: 'subjectCode', message: 'must be a subject code like TOAN' },
      ]);
    return value;
  }
}

/** Học kì I or II. */
@Injectable()
export class TermPipe implements PipeTransform<number, number> {
  transform(value: number): number {
    if (value !== 1 && value !== 2)
      throw new InvalidInput([{ field: 'term', message: 'must be 1 or 2 (học kì I, II)' }]);
    return value;
  }
}
