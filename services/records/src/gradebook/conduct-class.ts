import { Conflict, NotFound, RuleViolation } from '@qn/contracts';
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
  const klass = await gradebook.findClass(classId);
  if (!klass)
    throw new NotFound('class-unknown', 'No such class', 'records knows no class with this id');
  if (klass.grade === null)
    throw new Conflict(
      'class-not-formed',
      'The class is not formed yet',
      'its grade is not known yet',
    );
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
