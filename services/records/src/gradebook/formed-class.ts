import { Conflict, NotFound } from '@qn/contracts';

/** The class a route names, or 404 `class-unknown`. */
export async function knownClass<T>(
  find: (classId: string) => Promise<T | undefined>,
  classId: string,
): Promise<T> {
  const klass = await find(classId);
  if (!klass)
    throw new NotFound('class-unknown', 'No such class', 'records knows no class with this id');
  return klass;
}

/** A class whose `class.formed` has arrived (its grade is known), or 409 `class-not-formed`. */
export function formedClass<T extends { grade: number | null }>(klass: T): T & { grade: number } {
  if (klass.grade === null)
    throw new Conflict(
      'class-not-formed',
      'The class is not formed yet',
      'its grade is not known yet',
    );
  return klass as T & { grade: number };
}
