import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';
import type { ContestKeep } from '../domain/contest-rules';

export class DecideContestDto {
  @ApiProperty({
    enum: ['claim', 'existing'],
    description:
      'Whose application stands after checking the documents (birth certificate, residence): this claim, or the application it contests',
  })
  @IsIn(['claim', 'existing'])
  keep: ContestKeep;

  @ApiProperty({ example: 'Giấy khai sinh do gia đình nộp khớp với hồ sơ này' })
  @IsString()
  @Length(1, 500)
  @Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC') : value))
  reason: string;
}
