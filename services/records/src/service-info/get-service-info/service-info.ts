import { ApiProperty } from '@nestjs/swagger';

export class ServiceInfo {
  @ApiProperty({ example: 'records' }) service: string;
  @ApiProperty({ example: 'Records' }) title: string;
}

/** The domain of this slice: pure, unit-tested. */
export function describeService(): ServiceInfo {
  return { service: 'records', title: 'Records' };
}
