import { RuleViolation } from '@qn/contracts';
import { formedClass, knownClass } from './formed-class';
import type { Grade } from './domain/level-rules';
import { primaryRulesFor } from './domain/primary-assessments';
import { GradebookClass, GradebookRepository } from './gradebook.repository';

/**
 * The class a primary (Circular 27) route acts on: known, formed, and of grade 1-5. A secondary
 * class is refused with 422 pointing to its Circular 22 marks.
 */
export async function primaryClass(
  gradebook: GradebookRepository,
  classId: string,
): Promise<GradebookClass & { grade: Grade }> {
  const klass = formedClass(await knownClass((id) => gradebook.findClass(id), classId));
  const rules = primaryRulesFor(klass.grade);
  if (!rules.ok) {
    const message = `is grade ${klass.grade} (secondary, Circular 22): its marks are at /classes/${classId}/subjects/{subjectCode}/terms/{term}/marks`;
    throw new RuleViolation(
      'not-primary',
      'The class is not a primary class',
      `classId ${message}`,
      {
        errors: [{ field: 'classId', message }],
        marks: `/classes/${classId}/subjects/{subjectCode}/terms/{term}/marks`,
      },
    );
  }
  return { ...klass, grade: klass.grade as Grade };
}
