/**
 * What each school level teaches and how each subject is assessed, as data. Subjects, periods per
 * year (số tiết/năm học) and grades follow the 2018 general education programme (Chương trình
 * GDPT 2018, Thông tư 32/2018/TT-BGDĐT, THPT electives as amended by Thông tư 13/2022/TT-BGDĐT);
 * the assessment mode follows Thông tư 22/2021/TT-BGDĐT (THCS, THPT) and 27/2020/TT-BGDĐT (tiểu học).
 */

export type SchoolLevel = 'primary' | 'lowerSecondary' | 'upperSecondary';
export type Grade = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

/** Thông tư 22 Điều 5: scored = nhận xét kết hợp điểm số; commented = chỉ nhận xét (Đạt/Chưa đạt). */
export type SecondaryMode = 'scored' | 'commented';

/**
 * compulsory: every class has it (bắt buộc); elective: the class picks among them (lựa chọn, THPT
 * picks 4); optional: tự chọn (Tiếng dân tộc thiểu số, Ngoại ngữ 2), only where the school runs it.
 */
export type SubjectCategory = 'compulsory' | 'elective' | 'optional';

export interface SecondarySubjectRule {
  code: string;
  /** Vietnamese name as printed in the gradebook. */
  name: string;
  mode: SecondaryMode;
  category: SubjectCategory;
  /** Periods per school year by grade; the grades listed are the grades that teach it. */
  periodsByGrade: Partial<Record<Grade, number>>;
  /** THPT: the subject has chuyên đề học tập a class may choose (3 clusters per class). */
  hasStudyTopics?: boolean;
}

export interface PrimarySubjectRule {
  code: string;
  name: string;
  category: SubjectCategory;
  periodsByGrade: Partial<Record<Grade, number>>;
  /** Thông tư 27 Điều 7.1.b: grades with an end-of-term test (cuối HK I, cuối năm học). */
  endOfTermTestGrades: Grade[];
  /** Grades 4-5, Tiếng Việt and Toán only: also a mid-term test (giữa HK I, giữa HK II). */
  midTermTestGrades: Grade[];
}

export interface SecondaryLevelRules {
  level: 'lowerSecondary' | 'upperSecondary';
  circular: '22/2021/TT-BGDĐT';
  grades: Grade[];
  subjects: SecondarySubjectRule[];
  /** THPT: how many elective subjects a class takes (Thông tư 13/2022: 4). */
  electiveCount?: number;
  /** THPT: how many chuyên đề clusters a class takes (3). */
  studyTopicClusterCount?: number;
  /** Nghỉ quá 45 buổi trong năm học: not promoted (Điều 12). */
  maxAbsentSessions: number;
}

export interface PrimaryLevelRules {
  level: 'primary';
  circular: '27/2020/TT-BGDĐT';
  grades: Grade[];
  subjects: PrimarySubjectRule[];
  /**
   * Periodic tests: "thang điểm 10, không cho điểm thập phân". We take 1 as the lowest mark, as the
   * preceding circulars (30/2014, 22/2016) wrote "không cho điểm 0"; a 0 is reported as out of range.
   */
  testScoreMin: number;
  testScoreMax: number;
}

export type LevelRules = SecondaryLevelRules | PrimaryLevelRules;

const all = <T>(grades: Grade[], value: T): Partial<Record<Grade, T>> =>
  Object.fromEntries(grades.map((g) => [g, value])) as Partial<Record<Grade, T>>;

const THCS: Grade[] = [6, 7, 8, 9];
const THPT: Grade[] = [10, 11, 12];

export const LOWER_SECONDARY_RULES: SecondaryLevelRules = {
  level: 'lowerSecondary',
  circular: '22/2021/TT-BGDĐT',
  grades: THCS,
  maxAbsentSessions: 45,
  // prettier-ignore
  subjects: [
    { code: 'NV', name: 'Ngữ văn', mode: 'scored', category: 'compulsory', periodsByGrade: all(THCS, 140) },
    { code: 'TOAN', name: 'Toán', mode: 'scored', category: 'compulsory', periodsByGrade: all(THCS, 140) },
    { code: 'NN1', name: 'Ngoại ngữ 1', mode: 'scored', category: 'compulsory', periodsByGrade: all(THCS, 105) },
    { code: 'GDCD', name: 'Giáo dục công dân', mode: 'scored', category: 'compulsory', periodsByGrade: all(THCS, 35) },
    { code: 'LSDL', name: 'Lịch sử và Địa lí', mode: 'scored', category: 'compulsory', periodsByGrade: all(THCS, 105) },
    { code: 'KHTN', name: 'Khoa học tự nhiên', mode: 'scored', category: 'compulsory', periodsByGrade: all(THCS, 140) },
    // 35 periods in grades 6-7, 52 in grades 8-9: 2 then 3 regular assessments a term.
    { code: 'CN', name: 'Công nghệ', mode: 'scored', category: 'compulsory', periodsByGrade: { 6: 35, 7: 35, 8: 52, 9: 52 } },
    { code: 'TIN', name: 'Tin học', mode: 'scored', category: 'compulsory', periodsByGrade: all(THCS, 35) },
    { code: 'GDTC', name: 'Giáo dục thể chất', mode: 'commented', category: 'compulsory', periodsByGrade: all(THCS, 70) },
    // One subject "Nghệ thuật" (Âm nhạc 35 + Mĩ thuật 35) in the programme; assessed as one.
    { code: 'NT', name: 'Nghệ thuật (Âm nhạc, Mĩ thuật)', mode: 'commented', category: 'compulsory', periodsByGrade: all(THCS, 70) },
    { code: 'HDTN', name: 'Hoạt động trải nghiệm, hướng nghiệp', mode: 'commented', category: 'compulsory', periodsByGrade: all(THCS, 105) },
    { code: 'GDDP', name: 'Nội dung giáo dục của địa phương', mode: 'commented', category: 'compulsory', periodsByGrade: all(THCS, 35) },
    { code: 'TDT', name: 'Tiếng dân tộc thiểu số', mode: 'scored', category: 'optional', periodsByGrade: all(THCS, 105) },
    { code: 'NN2', name: 'Ngoại ngữ 2', mode: 'scored', category: 'optional', periodsByGrade: all(THCS, 105) },
  ],
};

export const UPPER_SECONDARY_RULES: SecondaryLevelRules = {
  level: 'upperSecondary',
  circular: '22/2021/TT-BGDĐT',
  grades: THPT,
  maxAbsentSessions: 45,
  electiveCount: 4,
  studyTopicClusterCount: 3,
  // prettier-ignore
  subjects: [
    { code: 'NV', name: 'Ngữ văn', mode: 'scored', category: 'compulsory', periodsByGrade: all(THPT, 105), hasStudyTopics: true },
    { code: 'TOAN', name: 'Toán', mode: 'scored', category: 'compulsory', periodsByGrade: all(THPT, 105), hasStudyTopics: true },
    { code: 'NN1', name: 'Ngoại ngữ 1', mode: 'scored', category: 'compulsory', periodsByGrade: all(THPT, 105) },
    { code: 'LS', name: 'Lịch sử', mode: 'scored', category: 'compulsory', periodsByGrade: all(THPT, 52), hasStudyTopics: true },
    { code: 'GDQPAN', name: 'Giáo dục quốc phòng và an ninh', mode: 'scored', category: 'compulsory', periodsByGrade: all(THPT, 35) },
    { code: 'GDTC', name: 'Giáo dục thể chất', mode: 'commented', category: 'compulsory', periodsByGrade: all(THPT, 70) },
    { code: 'HDTN', name: 'Hoạt động trải nghiệm, hướng nghiệp', mode: 'commented', category: 'compulsory', periodsByGrade: all(THPT, 105) },
    { code: 'GDDP', name: 'Nội dung giáo dục của địa phương', mode: 'commented', category: 'compulsory', periodsByGrade: all(THPT, 35) },
    { code: 'DL', name: 'Địa lí', mode: 'scored', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'GDKTPL', name: 'Giáo dục kinh tế và pháp luật', mode: 'scored', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'LY', name: 'Vật lí', mode: 'scored', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'HOA', name: 'Hoá học', mode: 'scored', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'SINH', name: 'Sinh học', mode: 'scored', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'CN', name: 'Công nghệ', mode: 'scored', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'TIN', name: 'Tin học', mode: 'scored', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'AN', name: 'Âm nhạc', mode: 'commented', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'MT', name: 'Mĩ thuật', mode: 'commented', category: 'elective', periodsByGrade: all(THPT, 70), hasStudyTopics: true },
    { code: 'TDT', name: 'Tiếng dân tộc thiểu số', mode: 'scored', category: 'optional', periodsByGrade: all(THPT, 105) },
    { code: 'NN2', name: 'Ngoại ngữ 2', mode: 'scored', category: 'optional', periodsByGrade: all(THPT, 105) },
  ],
};

const P12: Grade[] = [1, 2];
const P3: Grade[] = [3];
const P45: Grade[] = [4, 5];
const P: Grade[] = [1, 2, 3, 4, 5];

export const PRIMARY_RULES: PrimaryLevelRules = {
  level: 'primary',
  circular: '27/2020/TT-BGDĐT',
  grades: P,
  testScoreMin: 1,
  testScoreMax: 10,
  // Periods are informative at primary: no rule of Thông tư 27 depends on them.
  // prettier-ignore
  subjects: [
    { code: 'TV', name: 'Tiếng Việt', category: 'compulsory', periodsByGrade: { 1: 420, 2: 350, 3: 245, 4: 245, 5: 245 }, endOfTermTestGrades: P, midTermTestGrades: P45 },
    { code: 'TOAN', name: 'Toán', category: 'compulsory', periodsByGrade: { 1: 105, 2: 175, 3: 175, 4: 175, 5: 175 }, endOfTermTestGrades: P, midTermTestGrades: P45 },
    { code: 'NN1', name: 'Ngoại ngữ 1', category: 'compulsory', periodsByGrade: all([...P3, ...P45], 140), endOfTermTestGrades: [3, 4, 5], midTermTestGrades: [] },
    { code: 'DD', name: 'Đạo đức', category: 'compulsory', periodsByGrade: all(P, 35), endOfTermTestGrades: [], midTermTestGrades: [] },
    { code: 'TNXH', name: 'Tự nhiên và Xã hội', category: 'compulsory', periodsByGrade: all([...P12, ...P3], 70), endOfTermTestGrades: [], midTermTestGrades: [] },
    { code: 'LSDL', name: 'Lịch sử và Địa lí', category: 'compulsory', periodsByGrade: all(P45, 70), endOfTermTestGrades: P45, midTermTestGrades: [] },
    { code: 'KH', name: 'Khoa học', category: 'compulsory', periodsByGrade: all(P45, 70), endOfTermTestGrades: P45, midTermTestGrades: [] },
    { code: 'THCN', name: 'Tin học và Công nghệ', category: 'compulsory', periodsByGrade: all([...P3, ...P45], 70), endOfTermTestGrades: [3, 4, 5], midTermTestGrades: [] },
    { code: 'GDTC', name: 'Giáo dục thể chất', category: 'compulsory', periodsByGrade: all(P, 70), endOfTermTestGrades: [], midTermTestGrades: [] },
    { code: 'NT', name: 'Nghệ thuật (Âm nhạc, Mĩ thuật)', category: 'compulsory', periodsByGrade: all(P, 70), endOfTermTestGrades: [], midTermTestGrades: [] },
    { code: 'HDTN', name: 'Hoạt động trải nghiệm', category: 'compulsory', periodsByGrade: all(P, 105), endOfTermTestGrades: [], midTermTestGrades: [] },
    // Ngoại ngữ 1 is tự chọn in grades 1-2; a school running it records levels, no test.
    { code: 'NN1_TC', name: 'Ngoại ngữ 1 (tự chọn)', category: 'optional', periodsByGrade: all(P12, 70), endOfTermTestGrades: [], midTermTestGrades: [] },
    { code: 'TDT', name: 'Tiếng dân tộc thiểu số', category: 'optional', periodsByGrade: all(P, 70), endOfTermTestGrades: [], midTermTestGrades: [] },
  ],
};

export const LEVEL_RULES: Readonly<Record<SchoolLevel, LevelRules>> = {
  primary: PRIMARY_RULES,
  lowerSecondary: LOWER_SECONDARY_RULES,
  upperSecondary: UPPER_SECONDARY_RULES,
};

/** The school level a grade belongs to. */
export function levelOfGrade(grade: Grade): SchoolLevel {
  return grade <= 5 ? 'primary' : grade <= 9 ? 'lowerSecondary' : 'upperSecondary';
}

export function findSubject<S extends { code: string }>(
  rules: { subjects: S[] },
  code: string,
): S | undefined {
  return rules.subjects.find((s) => s.code === code);
}

/**
 * Thông tư 22 Điều 6.2: regular assessments (ĐĐGtx) per term. Commented subjects: 2. Scored
 * subjects by periods per year: up to 35 → 2; over 35 up to 70 → 3; over 70 → 4. A THPT subject
 * whose chuyên đề cluster the learner takes counts the cluster's assessment as one more.
 */
export function regularAssessmentsPerTerm(
  subject: SecondarySubjectRule,
  grade: Grade,
  opts: { withStudyTopics?: boolean } = {},
): number | undefined {
  const periods = subject.periodsByGrade[grade];
  if (periods === undefined) return undefined;
  const base = subject.mode === 'commented' ? 2 : periods <= 35 ? 2 : periods <= 70 ? 3 : 4;
  return base + (opts.withStudyTopics && subject.hasStudyTopics ? 1 : 0);
}
