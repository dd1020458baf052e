import { serviceClient } from './client';
import type { components as Enrollment, paths as EnrollmentPaths } from './generated/enrollment';
import type { components as Payments, paths as PaymentsPaths } from './generated/payments';
import type { components as Records, paths as RecordsPaths } from './generated/records';

/**
 * The services the families' page reads, through the web server's proxy, typed from their
 * OpenAPI documents: enrollment (children, applications, offers), payments (invoices, VietQR,
 * gateway orders, receipts) and records (học bạ).
 */
export const ENROLLMENT_BASE = '/api/enrollment';
export const PAYMENTS_BASE = '/api/payments';
export const RECORDS_BASE = '/api/records';

export const enrollmentClient = (token: string | null, onUnauthorized: () => void) =>
  serviceClient<EnrollmentPaths>(ENROLLMENT_BASE, token, onUnauthorized);
export const paymentsClient = (token: string | null, onUnauthorized: () => void) =>
  serviceClient<PaymentsPaths>(PAYMENTS_BASE, token, onUnauthorized);
export const recordsClient = (token: string | null, onUnauthorized: () => void) =>
  serviceClient<RecordsPaths>(RECORDS_BASE, token, onUnauthorized);

export type EnrollmentClient = ReturnType<typeof enrollmentClient>;
export type PaymentsClient = ReturnType<typeof paymentsClient>;
export type RecordsClient = ReturnType<typeof recordsClient>;

export type Child = Enrollment['schemas']['ChildDoc'];
export type FamilyApplication = Enrollment['schemas']['FamilyApplicationDoc'];
export type StudentAccount = Payments['schemas']['StudentAccountDoc'];
export type Invoice = Payments['schemas']['InvoiceDoc'];
export type Payment = Payments['schemas']['PaymentDoc'];
export type VietQr = Payments['schemas']['VietQrDoc'];
export type LearnerRecords = Records['schemas']['LearnerRecordsDoc'];
