import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, ValidateNested } from 'class-validator';
import type { GeneralJws, RecordDocument } from '../../shared/signing/domain/record';

/** A signed version as its holder has it: the document and its JWS (General JSON Serialization). */
export class SignedVersionDto {
  @ApiProperty({ description: 'The record version (RecordDocument)' })
  @IsObject()
  document: RecordDocument;

  @ApiProperty({ description: 'Its JWS: { payload, signatures: [{ protected, signature }] }' })
  @IsObject()
  jws: GeneralJws;
}

export class VerifyRecordDto extends SignedVersionDto {
  @ApiPropertyOptional({
    type: [SignedVersionDto],
    description: 'Earlier versions, for a correction',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SignedVersionDto)
  history?: SignedVersionDto[];
}
