import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  ResourcePatternTypes,
} from 'kafkajs';
import { KafkaAclGrant } from '@qn/contracts';

const OPERATIONS: Record<KafkaAclGrant['operation'], AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
  create: AclOperationTypes.CREATE,
  'describe-configs': AclOperationTypes.DESCRIBE_CONFIGS,
  'alter-configs': AclOperationTypes.ALTER_CONFIGS,
  all: AclOperationTypes.ALL,
};

function toKafka(g: KafkaAclGrant) {
  return {
    resourceType: g.resourceType === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
    resourceName: g.name,
    resourcePatternType:
      g.patternType === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
    principal: `User:${g.principal}`,
    host: '*',
    operation: OPERATIONS[g.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/**
 * Creates the grants (libs/contracts `kafkaAccess`) with an admin client whose principal may
 * alter ACLs (a super user). Creating an ACL that exists is a no-op, so this is safe to repeat.
 */
export async function applyKafkaAcls(admin: Admin, grants: KafkaAclGrant[]): Promise<void> {
  if (grants.length) await admin.createAcls({ acl: grants.map(toKafka) });
}

/** Deletes exactly these grants (a test run's, or a prefix's before it is reused). */
export async function removeKafkaAcls(admin: Admin, grants: KafkaAclGrant[]): Promise<void> {
  if (grants.length) await admin.deleteAcls({ filters: grants.map(toKafka) });
}
