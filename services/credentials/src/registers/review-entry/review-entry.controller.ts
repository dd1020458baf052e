import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { REVIEW_ENTRY } from '../registers-access';
import { ReviewEntryDto } from './review-entry.dto';
import { ReviewEntryService } from './review-entry.service';

const todayInVietnam = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

@ApiTags('registers')
@ApiBearerAuth()
@Controller('register-entries/:entryId/review')
export class ReviewEntryController {
  constructor(private readonly service: ReviewEntryService) {}

  /**
   * Confirms or disputes a digitised historic entry (a dispute needs a note), correcting fields
   * read wrongly. 422 names each bad field (`corrections.holderDateOfBirth`, …); 409 when the
   * entry changed since `version` or is not historic. Answers the new version and the names of
   * the corrected fields.
   */
  @Put()
  @Policy(REVIEW_ENTRY)
  review(
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() dto: ReviewEntryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.review(entryId, dto, principal, todayInVietnam());
  }
}
