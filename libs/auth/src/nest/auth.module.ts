import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthConfig } from '../auth-config';
import { JwtVerifier } from '../jwt-verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';

/** Injection token for the AuthConfig given to AuthModule.forRoot. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

@Module({})
export class AuthModule {
  /**
   * Global module: registers JwtAuthGuard then RolesGuard as app-wide guards (in that order, so
   * roles are checked against a verified principal). The config is validated here, so a service
   * with no usable key source fails at start-up; there is deliberately no "auth disabled" mode.
   */
  static forRoot(config: AuthConfig): DynamicModule {
    const verifier = new JwtVerifier(config);
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: JwtVerifier, useValue: verifier },
        JwtAuthGuard,
        RolesGuard,
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
      ],
      exports: [AUTH_CONFIG, JwtVerifier, JwtAuthGuard, RolesGuard],
    };
  }
}
