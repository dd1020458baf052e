import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CatchmentLocalityDto {
  @ApiProperty({ description: 'the commune, ward or special zone' })
  @IsUUID()
  orgUnitId: string;
  @ApiProperty({
    example: 'Khu 3',
    description: 'village, residential group (thôn, khu phố, tổ dân phố) or street in it',
  })
  @IsString()
  @Length(1, 100)
  locality: string;
}

export class SetSchoolSeatsDto {
  @ApiProperty({ example: 120, description: 'places offered in this round (chỉ tiêu)' })
  @IsInt()
  @Min(0)
  @Max(5000)
  capacity: number;
  @ApiProperty({
    description: 'whole commune-level units whose residents are in catchment (tuyến)',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  catchmentOrgUnitIds: string[];
  @ApiPropertyOptional({
    type: [CatchmentLocalityDto],
    description:
      'parts of communes in the catchment, where a commune holds several schools of the level',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CatchmentLocalityDto)
  catchmentLocalities?: CatchmentLocalityDto[];
}
