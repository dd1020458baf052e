import { RuleViolation } from '@qn/contracts';
import { formedClass, knownClass } from './formed-class';
import { conductGradeProblem } from './domain/conduct';
import { GradebookClass, GradebookRepository } from './gradebook.repository';

/**
 * The class a conduct route acts on: known, formed, and of grade 6-12 (Circular 22). A primary
 * class is refused with 422 pointing to its qualities and competencies (Circular 27).
 */
export async function conductClass(
  gradebook: GradebookRepository,
  classId: string,
): Promise<GradebookClass & { grade: number }> {
  const klass = formedClass(await knownClass((id) => gradebook.findClass(id), classId));
  const p = conductGradeProblem(klass.grade);
  if (p) {
    const qualities = `/classes/${classId}/terms/{term}/qualities`;
    const message = `${p.message}: ${qualities}`;
    throw new RuleViolation(
      'not-secondary',
      'The class is not a lower or upper secondary class',
      `classId ${message}`,
      { errors: [{ field: 'classId', message }], qualities },
    );
  }
  return { ...klass, grade: klass.grade };
}
