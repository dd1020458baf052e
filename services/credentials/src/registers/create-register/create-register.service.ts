import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, OutOfScope, RuleViolation, type FieldError } from '@qn/contracts';
import { AccessContext } from '@qn/auth';
import { canonicalText } from '../domain/entry-fields';
import { RegisterCoverage, RegisterCoverageData } from '../register-coverage';
import { registerUnits } from '../registers-access';
import { RegistersRepository } from '../registers.repository';
import { CreateRegisterDto } from './create-register.dto';

/**
 * A historic register (sổ gốc on paper) enters the platform with its metadata; its entries are
 * imported next. Its coverage (0 of `expectedEntries`) is published with it, so the share
 * digitised counts books not started yet.
 */
@Injectable()
export class CreateRegisterService {
  constructor(
    private readonly repo: RegistersRepository,
    private readonly coverage: RegisterCoverage,
  ) {}

  async create(dto: CreateRegisterDto, access: AccessContext) {
    const text = (v: string | undefined) => (v === undefined ? null : canonicalText(v) || null);
    const problems: FieldError[] = [];
    const authorityName = text(dto.authorityName);
    const schoolName = text(dto.schoolName);
    const registerCode = text(dto.registerCode);
    const archiveReference = text(dto.archiveReference);
    if (!authorityName || authorityName.length > 300)
      problems.push({ field: 'authorityName', message: 'must be 1-300 characters' });
    if (schoolName && schoolName.length > 300)
      problems.push({ field: 'schoolName', message: 'must be at most 300 characters' });
    if (!registerCode || registerCode.length > 100)
      problems.push({ field: 'registerCode', message: 'must be 1-100 characters' });
    if (!archiveReference || archiveReference.length > 300)
      problems.push({ field: 'archiveReference', message: 'must be 1-300 characters' });
    // Where the register belongs: for who reaches it and where the KPI counts it.
    if (!dto.schoolId && !dto.authorityId)
      problems.push({ field: 'schoolId', message: 'or authorityId is required' });
    if (dto.schoolId && !schoolName)
      problems.push({ field: 'schoolName', message: 'is required with schoolId' });
    if (problems.length)
      throw new RuleViolation('register-invalid', 'The register is not valid', undefined, {
        errors: problems,
      });
    const units = registerUnits({
      schoolId: dto.schoolId ?? null,
      authorityId: dto.authorityId ?? null,
    });
    // The same reach as every route on an existing register (its school, else its authority);
    // a commune keeps lower-secondary books only (upper-secondary ones are the department's).
    await access.require({ orgUnitIds: units }, 'the register’s school');
    if (
      access.uses('role:commune') &&
      !access.uses('role:province') &&
      dto.kind !== 'lower-secondary-diploma'
    )
      throw new OutOfScope(
        'register-kind-out-of-scope',
        'A commune keeps lower-secondary registers only',
        'upper-secondary diplomas are issued by the department',
      );
    const register = {
      id: uuidv7(),
      kind: dto.kind,
      authorityId: dto.authorityId?.toLowerCase() ?? null,
      authorityName: authorityName!,
      schoolId: dto.schoolId?.toLowerCase() ?? null,
      schoolName,
      graduationYear: dto.graduationYear,
      registerCode: registerCode!,
      origin: 'historic' as const,
      expectedEntries: dto.expectedEntries,
      archiveReference,
    };
    return this.repo.transaction(async (tx) => {
      if (!(await this.repo.insertRegister(tx, register)))
        throw new Conflict(
          'register-code-taken',
          'A register of this kind already has this code',
          'registerCode is already used for a register of this kind',
          { errors: [{ field: 'registerCode', message: 'is already used for this kind' }] },
        );
      const coverage: RegisterCoverageData = await this.coverage.publishCoverage(tx, register.id);
      return { ...register, digitisedEntries: coverage.digitisedEntries, reviewedEntries: 0 };
    });
  }
}
