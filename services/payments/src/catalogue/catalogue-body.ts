/**
 * The fee catalogue API's request bodies (biểu phí), amounts as integer VND strings. Kept apart
 * from the controller so HTTP clients inside the repository (the demo loader) type their bodies
 * against the API without compiling the service.
 */
import type {
  AreaSegment,
  FeeItem,
  SchoolLevel,
  SchoolYearCalendar,
} from '../obligations/domain/fees';

/** The province's part (biểu phí của tỉnh): calendar, tuition by level and area, province-wide items. */
export interface ProvinceCatalogueBody {
  province: string;
  calendar: SchoolYearCalendar;
  tuition: {
    code: string;
    name: string;
    legalBasis: string;
    rates: Array<{ level: SchoolLevel; segment: AreaSegment; monthlyAmount: string }>;
  };
  items: ItemBody[];
}
export type ItemBody = Omit<FeeItem, 'amount' | 'schoolIds'> & { amount: string };
export interface SchoolCatalogueBody {
  items: ItemBody[];
}
