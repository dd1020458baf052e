import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsUUID, Max, Min } from 'class-validator';

export class SetSchoolSeatsDto {
  @ApiProperty({ example: 120, description: 'places offered in this round (chỉ tiêu)' })
  @IsInt()
  @Min(0)
  @Max(5000)
  capacity: number;
  @ApiProperty({ description: 'commune-level units whose residents are in catchment (tuyến)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  catchmentOrgUnitIds: string[];
}
