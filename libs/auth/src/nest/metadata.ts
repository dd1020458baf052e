/** Metadata keys of the auth decorators (apart from them, so guards import no decorators). */
export const IS_PUBLIC_KEY = 'qn:auth:public';
export const POLICY_KEY = 'qn:auth:policy';
