import { Principal } from '../principal';
import { AccessScope, isUnrestricted } from './policy';

/** What a scope check needs to know about the thing acted on. */
export interface ResourceAttributes {
  /**
   * The organisation units it belongs to: a school; an application's wished schools; a
   * transfer's two schools. It is in a unit scope when any of them is.
   */
  orgUnitIds: string[];
  /** The learner it concerns (an applicant, a student), for the guardian reach. */
  learnerId?: string;
  /** The classes it belongs to (a class list, a gradebook), for the teachers' reach. */
  classIds?: string[];
  /** The day whose org tree applies (schools move between communes). Default: today. */
  at?: Date;
}

/**
 * The service's own copy of the org tree, as scope checks need it. Each service keeps one, fed
 * by `registry.org-unit.changed` (libs/org-directory implements it).
 */
export interface OrgUnitFacts {
  /** Ids from the unit's parent up to the root (nearest first); [] for a root or unknown unit. */
  ancestorsOf(orgUnitId: string, at?: Date): Promise<string[]>;
  /**
   * Whether the department, not the commune, manages this unit: upper-secondary schools,
   * continuing-education centres and vocational units (2025 two-tier local government).
   * Unknown units answer true, so a commune is never given what nobody can place.
   */
  isDepartmentManaged?(orgUnitId: string, at?: Date): Promise<boolean>;
}

/** Guardian relations (phụ huynh ↔ học sinh) a service keeps for the family reach. */
export interface GuardianDirectory {
  isGuardian(guardianSubject: string, learnerId: string): Promise<boolean>;
}

/** Who teaches which class (phân công giảng dạy, chủ nhiệm), as a service knows it from the rosters. */
export interface TeachingDirectory {
  /** Whether the signed-in account teaches the class or is its homeroom teacher. */
  teaches(teacherSubject: string, classId: string): Promise<boolean>;
}

/** Finds the attributes of one resource by id; null when there is no such resource. */
export interface ResourceLocator {
  locate(id: string): Promise<ResourceAttributes | null>;
}

/**
 * Evaluates an {@link AccessScope} against one resource. Pure apart from the ports; a missing
 * port fails closed (a service without guardian data gives families nothing, one without
 * teaching assignments gives teachers nothing).
 */
export async function scopeCovers(
  scope: AccessScope,
  resource: ResourceAttributes,
  facts: OrgUnitFacts | undefined,
  guardians: GuardianDirectory | undefined,
  principal: Principal,
  teaching?: TeachingDirectory,
): Promise<boolean> {
  if (scope.nothing) return false;
  if (isUnrestricted(scope)) return true;
  if (scope.guardianOf !== undefined) {
    if (resource.learnerId === undefined || guardians === undefined) return false;
    if (scope.guardianOf !== principal.subject) return false;
    if (!(await guardians.isGuardian(scope.guardianOf, resource.learnerId))) return false;
  }
  if (scope.taughtBy !== undefined) {
    if (!resource.classIds?.length || teaching === undefined) return false;
    if (scope.taughtBy !== principal.subject) return false;
    let teaches = false;
    for (const classId of resource.classIds)
      if (await teaching.teaches(scope.taughtBy, classId)) {
        teaches = true;
        break;
      }
    if (!teaches) return false;
  }
  if (scope.withinUnit !== undefined) {
    let inside = false;
    for (const unit of resource.orgUnitIds) {
      if (await unitCovered(scope, unit, resource.at, facts)) {
        inside = true;
        break;
      }
    }
    if (!inside) return false;
  }
  return true;
}

async function unitCovered(
  scope: AccessScope,
  unit: string,
  at: Date | undefined,
  facts: OrgUnitFacts | undefined,
): Promise<boolean> {
  const root = scope.withinUnit!;
  if (scope.communeManagedOnly) {
    if (facts?.isDepartmentManaged === undefined) return false;
    if (await facts.isDepartmentManaged(unit, at)) return false;
  }
  if (unit === root) return true;
  if (facts === undefined) return false;
  return (await facts.ancestorsOf(unit, at)).includes(root);
}
