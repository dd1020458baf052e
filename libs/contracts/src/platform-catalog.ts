import { EventCatalog, OUTSIDE } from './catalog';
import { fromContract, refOf } from './contract';
import { orgUnitChangedV1, schoolYearChangedV1 } from './events/registry';
import { learnerIdentityRecordedV1 } from './events/learner-identity';
import {
  credentialCorrectedV1,
  credentialIssuedV1,
  credentialReinstatedV1,
  credentialReissuedV1,
  credentialRevokedV1,
  credentialSuspendedV1,
  registerCoverageChangedV1,
} from './events/credentials';
import {
  classTermClosedV1,
  classTermConfirmedV1,
  graduationEligibilityAssessedV1,
  recordCorrectedV1,
  recordSignedV1,
  termMarksConfirmedV1,
} from './events/records';
import {
  applicationRecordedV1,
  applicationSubmittedV1,
  applicationSubmittedV2,
  applicationWithdrawnV1,
  enrollmentConfirmedV1,
  examScoresPublishedV1,
  offerMadeV1,
  roundClosedV1,
  roundPublishedV1,
  studentEnrolledV1,
  guardianLinkedV1,
  transferCompletedV1,
} from './events/enrollment';
import {
  invoiceCancelledV1,
  invoiceIssuedV1,
  invoiceSettledV1,
  paymentReceivedV1,
  paymentReceivedV2,
  collectionAccountSetV1,
  paymentRefundedV1,
  reconciliationCompletedV1,
} from './events/payments';
import {
  classFormedV1,
  graduationCandidatesListedV1,
  staffIdentityCheckedV1,
  staffMemberChangedV1,
  studentEnrolledV2,
  studentIdentityCheckedV1,
  studentLeftV1,
  studentPlacedV1,
  studentYearClosedV1,
  teachingAssignedV1,
} from './events/roster';

/**
 * The platform's services. Each is the `source` of the events it publishes and its own Kafka
 * principal (SASL user name).
 */
export const PlatformServices = {
  registry: 'registry',
  enrollment: 'enrollment',
  payments: 'payments',
  kpiAggregator: 'kpi-aggregator',
  records: 'records',
  credentials: 'credentials',
} as const;

/**
 * Roles of the outside systems that publish to the platform. A deployment says which Kafka
 * principals hold each role (ACLs) and which `source` names the consuming service trusts.
 */
export const OutsideRoles = {
  admissionPortal: 'admission-portal',
  examBoard: 'exam-board',
} as const;

/** Topic names of the platform: the one place they are spelled. */
export const Topics = {
  registryOrgUnits: 'registry.org-unit.v1',
  registrySchoolYears: 'registry.school-year.v1',
  enrollmentApplicationIntake: 'enrollment.application-intake.v1',
  enrollmentExamScoreIntake: 'enrollment.exam-score-intake.v1',
  enrollmentApplications: 'enrollment.applications.v1',
  enrollmentRounds: 'enrollment.rounds.v1',
  enrollmentAdmissions: 'enrollment.admissions.v1',
  enrollmentStudents: 'enrollment.students.v1',
  enrollmentSchoolRosters: 'enrollment.school-rosters.v1',
  enrollmentLearnerIdentities: 'enrollment.learner-identities.v1',
  recordsGradebooks: 'records.gradebooks.v1',
  recordsSchoolRecords: 'records.school-records.v1',
  credentialsCredentials: 'credentials.credentials.v1',
  credentialsRegisters: 'credentials.registers.v1',
  paymentsInvoices: 'payments.invoices.v1',
  paymentsPayments: 'payments.payments.v1',
  paymentsReconciliation: 'payments.reconciliation.v1',
} as const;

/**
 * Event types of the platform with the version producers currently publish: `{ type, version }`
 * taken from the declarations in `events/*.ts` (`EventPayload<typeof EventTypes.x>` is its data).
 */
export const EventTypes = {
  orgUnitChanged: refOf(orgUnitChangedV1),
  schoolYearChanged: refOf(schoolYearChangedV1),
  applicationSubmitted: refOf(applicationSubmittedV2),
  applicationRecorded: refOf(applicationRecordedV1),
  examScoresPublished: refOf(examScoresPublishedV1),
  applicationWithdrawn: refOf(applicationWithdrawnV1),
  roundClosed: refOf(roundClosedV1),
  roundPublished: refOf(roundPublishedV1),
  offerMade: refOf(offerMadeV1),
  enrollmentConfirmed: refOf(enrollmentConfirmedV1),
  studentEnrolled: refOf(studentEnrolledV2),
  studentPlaced: refOf(studentPlacedV1),
  studentYearClosed: refOf(studentYearClosedV1),
  studentLeft: refOf(studentLeftV1),
  studentIdentityChecked: refOf(studentIdentityCheckedV1),
  learnerIdentityRecorded: refOf(learnerIdentityRecordedV1),
  termMarksConfirmed: refOf(termMarksConfirmedV1),
  classTermConfirmed: refOf(classTermConfirmedV1),
  classTermClosed: refOf(classTermClosedV1),
  recordSigned: refOf(recordSignedV1),
  recordCorrected: refOf(recordCorrectedV1),
  graduationEligibilityAssessed: refOf(graduationEligibilityAssessedV1),
  registerCoverageChanged: refOf(registerCoverageChangedV1),
  classFormed: refOf(classFormedV1),
  staffMemberChanged: refOf(staffMemberChangedV1),
  teachingAssigned: refOf(teachingAssignedV1),
  staffIdentityChecked: refOf(staffIdentityCheckedV1),
  graduationCandidatesListed: refOf(graduationCandidatesListedV1),
  transferCompleted: refOf(transferCompletedV1),
  guardianLinked: refOf(guardianLinkedV1),
  invoiceIssued: refOf(invoiceIssuedV1),
  invoiceSettled: refOf(invoiceSettledV1),
  invoiceCancelled: refOf(invoiceCancelledV1),
  paymentReceived: refOf(paymentReceivedV2),
  collectionAccountSet: refOf(collectionAccountSetV1),
  paymentRefunded: refOf(paymentRefundedV1),
  reconciliationCompleted: refOf(reconciliationCompletedV1),
  credentialIssued: refOf(credentialIssuedV1),
  credentialRevoked: refOf(credentialRevokedV1),
  credentialSuspended: refOf(credentialSuspendedV1),
  credentialReinstated: refOf(credentialReinstatedV1),
  credentialCorrected: refOf(credentialCorrectedV1),
  credentialReissued: refOf(credentialReissuedV1),
} as const;

/**
 * Versions producers no longer publish that are still on their topics (kept forever): a consumer
 * that reads the topic from its beginning handles these too.
 */
export const PreviousEventTypes = {
  studentEnrolledV1: refOf(studentEnrolledV1),
  paymentReceivedV1: refOf(paymentReceivedV1),
  applicationSubmittedV1: refOf(applicationSubmittedV1),
} as const;

/** Builds the platform's event catalogue: every topic and every (type, version). */
export function buildPlatformCatalog(): EventCatalog {
  return new EventCatalog()
    .addTopic({
      name: Topics.registryOrgUnits,
      consumers: [
        PlatformServices.enrollment,
        PlatformServices.payments,
        PlatformServices.kpiAggregator,
        PlatformServices.records,
        PlatformServices.credentials,
      ],
      description:
        'Organisation units (province, communes/wards/special zones, former districts, schools) with effective dates. Compacted: the latest event per unit is its full state.',
      partitions: 3,
      compacted: true,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'org unit id (= subjectId)',
    })
    .addTopic({
      name: Topics.registrySchoolYears,
      consumers: [PlatformServices.kpiAggregator],
      description: 'School years and their terms. Compacted by school year id.',
      partitions: 1,
      compacted: true,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'school year id (= subjectId)',
    })
    .addTopic({
      name: Topics.enrollmentApplicationIntake,
      consumers: [PlatformServices.enrollment],
      description:
        "Applications from outside admission portals, validated by the enrollment service exactly like those sent to its API. Carries the applicant's personal identification number in the payload (never in the key): restrict read access.",
      partitions: 3,
      compacted: false,
      // Copied into the enrollment database on arrival and never replayed; they carry personal
      // identification numbers, so they are not kept longer than the broker used to keep them.
      retention: { days: 7 },
      keyOf: (e) => `${e.source}:${e.subjectId}`,
      keyDescription: "portal source and the portal's submission id (= source:subjectId)",
    })
    .addTopic({
      name: Topics.enrollmentExamScoreIntake,
      consumers: [PlatformServices.enrollment],
      description:
        "Grade-10 entrance exam scores from the exam board, applied by the enrollment service like the score file import. Carries candidates' personal identification numbers in the payload (never in the key): restrict read and write access.",
      partitions: 1,
      compacted: false,
      // Copied into the enrollment database on arrival and never replayed; they carry personal
      // identification numbers, so they are not kept longer than the broker used to keep them.
      retention: { days: 7 },
      keyOf: (e) => `${e.source}:${e.subjectId}`,
      keyDescription: 'exam board source and its batch id (= source:subjectId)',
    })
    .addTopic({
      name: Topics.enrollmentApplications,
      consumers: [PlatformServices.kpiAggregator],
      description:
        'Facts about applications: recorded (online, portal or paper), amended, withdrawn. No personal identification numbers.',
      partitions: 3,
      compacted: false,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'application id (= subjectId)',
    })
    .addTopic({
      name: Topics.enrollmentRounds,
      consumers: [PlatformServices.kpiAggregator],
      description: 'Admission rounds: results published with the revealed lottery seed.',
      partitions: 1,
      compacted: false,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'round id (= subjectId)',
    })
    .addTopic({
      name: Topics.enrollmentAdmissions,
      consumers: [PlatformServices.kpiAggregator],
      description: 'Offers and confirmed enrollments, per application.',
      partitions: 3,
      compacted: false,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'application id (= subjectId)',
    })
    .addTopic({
      name: Topics.enrollmentStudents,
      consumers: [
        PlatformServices.payments,
        PlatformServices.kpiAggregator,
        PlatformServices.records,
      ],
      description:
        'Students of schools: joining (admission, transfer, roster import, next school year), class placement, year outcomes, departures, identity checks, guardians. What payments, records and the KPI aggregator start from. No personal data: ids only.',
      partitions: 3,
      compacted: false,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'student id (= subjectId)',
    })
    .addEvent({
      ...fromContract(orgUnitChangedV1),
      publishers: [PlatformServices.registry],
      topic: Topics.registryOrgUnits,
      description:
        'An organisation unit was created or changed; carries its full current state and timeline.',
    })
    .addEvent({
      ...fromContract(schoolYearChangedV1),
      publishers: [PlatformServices.registry],
      topic: Topics.registrySchoolYears,
      description: 'A school year or its terms were created or changed; carries the full state.',
    })
    .addEvent({
      ...fromContract(applicationSubmittedV1),
      publishers: [`${OUTSIDE}${OutsideRoles.admissionPortal}`],
      topic: Topics.enrollmentApplicationIntake,
      personalData: true,
      description:
        "An outside admission portal submits an application (subjectId = the portal's submission id; source = the portal). Superseded by v2; enrollment still reads v1.",
    })
    .addEvent({
      ...fromContract(applicationSubmittedV2),
      publishers: [`${OUTSIDE}${OutsideRoles.admissionPortal}`],
      topic: Topics.enrollmentApplicationIntake,
      personalData: true,
      description:
        "An outside admission portal submits an application, with the applicant's residential group and any exception to the entry age (subjectId = the portal's submission id; source = the portal).",
    })
    .addEvent({
      ...fromContract(examScoresPublishedV1),
      publishers: [`${OUTSIDE}${OutsideRoles.examBoard}`],
      topic: Topics.enrollmentExamScoreIntake,
      personalData: true,
      description:
        'The exam board publishes entrance exam scores for a batch of candidates of a grade-10 round (subjectId = the batch id; source = the exam board).',
    })
    .addEvent({
      ...fromContract(applicationRecordedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentApplications,
      description:
        'An application passed validation and counts in its round (first record or an amendment, by revision).',
    })
    .addEvent({
      ...fromContract(applicationWithdrawnV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentApplications,
      description: 'The family withdrew the application before the deadline.',
    })
    .addEvent({
      ...fromContract(roundClosedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentRounds,
      description:
        'The deadline of a round passed; its applications are final, counted by channel.',
    })
    .addEvent({
      ...fromContract(roundPublishedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentRounds,
      description: 'Results of a round are published; the lottery seed is revealed.',
    })
    .addEvent({
      ...fromContract(offerMadeV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentAdmissions,
      description: 'An applicant is offered a place.',
    })
    .addEvent({
      ...fromContract(enrollmentConfirmedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentAdmissions,
      description: 'The school confirmed the enrollment of an applicant who accepted its offer.',
    })
    .addEvent({
      ...fromContract(studentEnrolledV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description:
        'A learner became a student of a school (admission or transfer). Superseded by v2, which enrollment publishes now; earlier events stay on the topic.',
    })
    .addEvent({
      ...fromContract(studentEnrolledV2),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description:
        'A learner is a student of a school for a school year: admitted, transferred in, on an imported roster, or promoted/repeating into the next year.',
    })
    .addEvent({
      ...fromContract(studentPlacedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description: 'A student was placed in a class for the school year (xếp lớp).',
    })
    .addEvent({
      ...fromContract(studentYearClosedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description:
        "The school closed the student's year: promoted (lên lớp), repeating (lưu ban) or completed the level.",
    })
    .addEvent({
      ...fromContract(studentLeftV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description: 'The student left the school (thôi học), not by a transfer within the platform.',
    })
    .addEvent({
      ...fromContract(studentIdentityCheckedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description:
        "The learner's personal id, name and date of birth were checked against the national population database; the latest check counts.",
    })
    .addEvent({
      ...fromContract(guardianLinkedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description:
        'A signed-in account is a guardian of the student (the family applied for the child): services give it the family reach for this student.',
    })
    .addEvent({
      ...fromContract(transferCompletedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentStudents,
      description: 'A student moved to another school (chuyển trường).',
    })
    .addTopic({
      name: Topics.enrollmentSchoolRosters,
      consumers: [PlatformServices.kpiAggregator, PlatformServices.records],
      description:
        "Schools' classes, teachers and staff, teaching assignments, identity checks of staff, and graduation candidate lists. No personal data: ids and accounts only.",
      partitions: 3,
      compacted: false,
      retention: 'forever',
      // Every event of the topic names its school: one school's roster changes stay in order.
      keyOf: (e) => (e.data as { schoolId: string }).schoolId,
      keyDescription: 'school id (= data.schoolId)',
    })
    .addEvent({
      ...fromContract(classFormedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentSchoolRosters,
      description: 'A class of a school year with its homeroom teacher (full state, by revision).',
    })
    .addEvent({
      ...fromContract(staffMemberChangedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentSchoolRosters,
      description: 'A teacher or staff member of a school (full state, by revision).',
    })
    .addEvent({
      ...fromContract(teachingAssignedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentSchoolRosters,
      description:
        'Who teaches a subject to a class in a school year (phân công giảng dạy); replaces the previous assignment of that class and subject.',
    })
    .addEvent({
      ...fromContract(staffIdentityCheckedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentSchoolRosters,
      description:
        "A staff member's personal id, name and date of birth were checked against the national population database.",
    })
    .addEvent({
      ...fromContract(graduationCandidatesListedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentSchoolRosters,
      description:
        "A school's candidates for lower- or upper-secondary graduation in a school year (replaces its previous list).",
    })
    .addTopic({
      name: Topics.enrollmentLearnerIdentities,
      // Only the services that print a learner's name (digital school records, diplomas) read it.
      consumers: [PlatformServices.records, PlatformServices.credentials],
      description:
        "Learners' names, dates of birth, gender and ethnicity as the learner register holds them, for the services that must print them (học bạ, diplomas). Personal data: read only by those services; dead letters carry no data. Never the personal id (last 4 digits only).",
      partitions: 3,
      // The latest identity per learner is what counts; a new reader starts from all of them.
      compacted: true,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'student id (= subjectId)',
    })
    .addEvent({
      ...fromContract(learnerIdentityRecordedV1),
      publishers: [PlatformServices.enrollment],
      topic: Topics.enrollmentLearnerIdentities,
      personalData: true,
      description:
        "A learner's identity as the register holds it now (full state): on entering the register and on every change.",
    })
    .addTopic({
      name: Topics.recordsGradebooks,
      description:
        "Gradebooks' term close, class by class: subjects' marks confirmed by their teachers, the class's term confirmed by its homeroom teacher. Ids and counts only: no marks, no names.",
      partitions: 3,
      compacted: false,
      retention: 'forever',
      // One class's close stays in order.
      keyOf: (e) => (e.data as { classId: string }).classId,
      keyDescription: 'class id (= data.classId)',
    })
    .addEvent({
      ...fromContract(termMarksConfirmedV1),
      publishers: [PlatformServices.records],
      topic: Topics.recordsGradebooks,
      description: "A subject's teacher confirmed the class's marks for the term.",
    })
    .addEvent({
      ...fromContract(classTermConfirmedV1),
      publishers: [PlatformServices.records],
      topic: Topics.recordsGradebooks,
      description:
        "The homeroom teacher confirmed the class's term (every subject confirmed); the principal signs next.",
    })
    .addEvent({
      ...fromContract(classTermClosedV1),
      publishers: [PlatformServices.records],
      topic: Topics.recordsGradebooks,
      description:
        "The principal signed the class's term: marks and conduct are final; at term 2 every learner's học bạ is signed.",
    })
    .addTopic({
      name: Topics.recordsSchoolRecords,
      consumers: [PlatformServices.kpiAggregator, PlatformServices.credentials],
      description:
        "Learners' digital school records (học bạ số): signed, corrected, and what they say about graduation at the end of grades 9 and 12. Ids, versions and hashes only: the record itself (marks, names) is read from the records service by those allowed to.",
      partitions: 3,
      compacted: false,
      retention: 'forever',
      // One learner's records stay in order (signed before corrected).
      keyOf: (e) => e.subjectId,
      keyDescription: 'student id (= subjectId)',
    })
    .addEvent({
      ...fromContract(recordSignedV1),
      publishers: [PlatformServices.records],
      topic: Topics.recordsSchoolRecords,
      description: "A learner's học bạ of a school year was signed (version 1).",
    })
    .addEvent({
      ...fromContract(recordCorrectedV1),
      publishers: [PlatformServices.records],
      topic: Topics.recordsSchoolRecords,
      description: 'A signed học bạ was corrected: a new version with a reason, signed anew.',
    })
    .addEvent({
      ...fromContract(graduationEligibilityAssessedV1),
      publishers: [PlatformServices.records],
      topic: Topics.recordsSchoolRecords,
      description:
        "At the end of grade 9 or 12: whether the learner's signed học bạ completes the level's programme (eligible, not, or pending summer re-assessment).",
    })
    .addTopic({
      name: Topics.credentialsCredentials,
      consumers: [],
      description:
        'Diplomas issued from the original registers (sổ gốc) as verifiable credentials: issued, revoked, suspended, reinstated, corrected, reissued. Ids, numbers, reasons and hashes only: no names.',
      partitions: 3,
      compacted: false,
      retention: 'forever',
      // One register entry's history stays in order (issued before corrected or revoked).
      keyOf: (e) => (e.data as { entryId: string }).entryId,
      keyDescription: 'register entry id (= data.entryId)',
    })
    .addEvent({
      ...fromContract(credentialIssuedV1),
      publishers: [PlatformServices.credentials],
      topic: Topics.credentialsCredentials,
      description:
        'A diploma was entered in its original register and issued as a verifiable credential signed by the competent authority.',
    })
    .addEvent({
      ...fromContract(credentialRevokedV1),
      publishers: [PlatformServices.credentials],
      topic: Topics.credentialsCredentials,
      description:
        "A diploma was revoked by the authority's decision (its status list bit set; the register records the reason).",
    })
    .addEvent({
      ...fromContract(credentialSuspendedV1),
      publishers: [PlatformServices.credentials],
      topic: Topics.credentialsCredentials,
      description: 'A diploma was suspended while a case is examined.',
    })
    .addEvent({
      ...fromContract(credentialReinstatedV1),
      publishers: [PlatformServices.credentials],
      topic: Topics.credentialsCredentials,
      description: "A diploma's suspension was lifted.",
    })
    .addEvent({
      ...fromContract(credentialCorrectedV1),
      publishers: [PlatformServices.credentials],
      topic: Topics.credentialsCredentials,
      description:
        "A register entry was corrected by the authority's decision; a diploma with a credential got a new version (field names only).",
    })
    .addEvent({
      ...fromContract(credentialReissuedV1),
      publishers: [PlatformServices.credentials],
      topic: Topics.credentialsCredentials,
      description:
        'A diploma was issued again as a new credential; the previous one is superseded.',
    })
    .addTopic({
      name: Topics.credentialsRegisters,
      consumers: [PlatformServices.kpiAggregator],
      description:
        "Original registers of diplomas (sổ gốc): how many of each register's entries are in the platform and reviewed, for the share digitised. Ids and counts only: no holder's name or date of birth.",
      partitions: 3,
      // The latest coverage per register is what counts; a new reader starts from all of them.
      compacted: true,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'register id (= subjectId = data.registerId)',
    })
    .addEvent({
      ...fromContract(registerCoverageChangedV1),
      publishers: [PlatformServices.credentials],
      topic: Topics.credentialsRegisters,
      description:
        "A register's coverage after a change (created, entries imported or issued, an entry reviewed): the full state, replacing the previous one.",
    })
    .addTopic({
      name: Topics.paymentsInvoices,
      consumers: [PlatformServices.kpiAggregator],
      description:
        'Fee notices (invoices) of students: issued, settled, cancelled. A public API for finance systems: amounts are integer VND as decimal strings.',
      partitions: 3,
      compacted: false,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: "student id (= subjectId): one student's invoices stay in order",
    })
    .addTopic({
      name: Topics.paymentsPayments,
      consumers: [PlatformServices.kpiAggregator],
      description:
        'Money received (by channel, cashless or not) and refunded, each exactly once: what the KPI aggregator computes cashless shares from, per school, commune and segment.',
      partitions: 3,
      compacted: false,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription:
        "subjectId: the student's id (one student's payments stay in order), the school's for its collection account",
    })
    .addTopic({
      name: Topics.paymentsReconciliation,
      consumers: [PlatformServices.kpiAggregator],
      description: 'Bank statement imports of the collection account, matched and summarised.',
      partitions: 1,
      compacted: false,
      retention: 'forever',
      keyOf: (e) => e.subjectId,
      keyDescription: 'collection account number (= subjectId)',
    })
    .addEvent({
      ...fromContract(invoiceIssuedV1),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsInvoices,
      description: 'A fee notice (thông báo thu) was issued to a student.',
    })
    .addEvent({
      ...fromContract(invoiceSettledV1),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsInvoices,
      description: 'Nothing is owed on an invoice any more.',
    })
    .addEvent({
      ...fromContract(invoiceCancelledV1),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsInvoices,
      description: 'An invoice was cancelled, with the reason.',
    })
    .addEvent({
      ...fromContract(paymentReceivedV1),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsPayments,
      description:
        'A payment was recorded once, with its channel and whether it was cashless (tiền mặt = cash). Superseded by v2, which payments publishes now; earlier events stay on the topic.',
    })
    .addEvent({
      ...fromContract(paymentReceivedV2),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsPayments,
      description:
        'A payment was recorded once, with its channel, whether it was cashless (tiền mặt = cash), and the fee lines it settled (settledLines, summing to appliedAmount).',
    })
    .addEvent({
      ...fromContract(collectionAccountSetV1),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsPayments,
      description:
        "A school set or changed the bank account it collects fees into: it accepts cashless payment from then on (keyed by the school's id).",
    })
    .addEvent({
      ...fromContract(paymentRefundedV1),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsPayments,
      description: "A refund from the family's credit was approved.",
    })
    .addEvent({
      ...fromContract(reconciliationCompletedV1),
      publishers: [PlatformServices.payments],
      topic: Topics.paymentsReconciliation,
      description: 'A bank statement was imported and matched; exceptions went to the queue.',
    });
}

export const platformCatalog = buildPlatformCatalog();
