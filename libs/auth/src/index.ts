export * from './roles';
export * from './errors';
export * from './principal';
export * from './auth-config';
export * from './jwt-verifier';
export * from './problem';
export * from './org-scope';
export * from './demo-token';
export { AuthModule, AUTH_CONFIG } from './nest/auth.module';
export { JwtAuthGuard } from './nest/jwt-auth.guard';
export * from './policy/policy';
export * from './policy/access';
export {
  PolicyGuard,
  AccessContext,
  GUARDIAN_DIRECTORY,
  TEACHING_DIRECTORY,
  resourceLocatorToken,
  notFoundProblem,
} from './nest/policy.guard';
export { PolicyCoverage, type RouteWithPolicy } from './nest/policy-coverage';
export {
  Public,
  Policy,
  Access,
  CurrentPrincipal,
  IS_PUBLIC_KEY,
  POLICY_KEY,
} from './nest/decorators';
export type { AuthenticatedRequest } from './nest/request';
