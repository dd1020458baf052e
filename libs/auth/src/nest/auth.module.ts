import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuthConfig } from '../auth-config';
import { JwtVerifier } from '../jwt-verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { PolicyCoverage } from './policy-coverage';
import { PolicyGuard } from './policy.guard';

/** Injection token for the AuthConfig given to AuthModule.forRoot. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

@Module({})
export class AuthModule {
  /**
   * Global module: registers JwtAuthGuard then PolicyGuard as app-wide guards (in that order, so
   * policies are checked against a verified principal), and PolicyCoverage, which stops the app
   * when a route has no policy. The config is validated here, so a service
   * with no usable key source fails at start-up; there is deliberately no "auth disabled" mode.
   */
  static forRoot(config: AuthConfig): DynamicModule {
    const verifier = new JwtVerifier(config);
    return {
      module: AuthModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: JwtVerifier, useValue: verifier },
        JwtAuthGuard,
        PolicyGuard,
        PolicyCoverage,
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useExisting: PolicyGuard },
      ],
      exports: [AUTH_CONFIG, JwtVerifier, JwtAuthGuard, PolicyGuard, PolicyCoverage],
    };
  }
}
