import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** A reviewer's verdict on a digitised entry; values are checked by the use case (422 per field). */
export class ReviewEntryDto {
  @ApiProperty({ enum: ['confirmed', 'disputed'] })
  @Allow()
  state: string;

  @ApiPropertyOptional({ description: 'why (required to dispute), at most 1000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({
    description:
      'fields read wrongly, with the value on the page: entryNumber, serialNumber, holderFullName, holderDateOfBirth (dd/mm/yyyy or yyyy-mm-dd), holderPlaceOfBirth, holderGender (Nam/Nữ), holderEthnicity, schoolName, classification, decisionReference, issuedOn; null clears an optional one',
    example: { serialNumber: 'A 0012345', holderDateOfBirth: '19/04/1983' },
  })
  @IsOptional()
  @IsObject()
  corrections?: Record<string, string | null>;

  @ApiPropertyOptional({ description: 'the version reviewed: 409 if the entry changed since' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
