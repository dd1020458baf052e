import { NotFound } from '@qn/contracts';

/** A student payments has no account for (enrollment has not announced them). */
export class StudentNotFound extends NotFound {
  constructor(studentId: string) {
    super('student-not-found', 'No such student', `payments knows no student ${studentId}`);
  }
}
