import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const DIPLOMA_KINDS = ['lower-secondary-diploma', 'upper-secondary-diploma'] as const;

/** A historic register's metadata, as the archive's inventory describes the paper book. */
export class CreateRegisterDto {
  @ApiProperty({ enum: DIPLOMA_KINDS, description: 'bằng tốt nghiệp THCS / THPT' })
  @IsIn(DIPLOMA_KINDS)
  kind: (typeof DIPLOMA_KINDS)[number];

  @ApiProperty({
    example: 'Phòng Giáo dục và Đào tạo thành phố Hạ Long',
    description: 'cơ quan cấp, as printed',
  })
  @IsString()
  @MaxLength(1000)
  authorityName: string;

  @ApiPropertyOptional({ description: "the authority's org unit, when it still exists as one" })
  @IsOptional()
  @IsUUID()
  authorityId?: string;

  @ApiPropertyOptional({ description: 'the school the book covers, when it covers one' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @ApiPropertyOptional({ example: 'Trường THCS Hạ Long' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  schoolName?: string;

  @ApiProperty({ example: 1998 })
  @Type(() => Number)
  @IsInt()
  @Min(1945)
  @Max(2200)
  graduationYear: number;

  @ApiProperty({ example: 'THCS-HL-1998', description: 'the book’s code (unique per kind)' })
  @IsString()
  @MaxLength(1000)
  registerCode: string;

  @ApiProperty({
    example: 412,
    description: "entries the paper book holds (the archive inventory's count)",
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000000)
  expectedEntries: number;

  @ApiProperty({ example: 'Lưu trữ Sở GDĐT, hộp 12, cặp 3' })
  @IsString()
  @MaxLength(1000)
  archiveReference: string;
}
