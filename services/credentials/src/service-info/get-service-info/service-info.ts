import { ApiProperty } from '@nestjs/swagger';

export class ServiceInfo {
  @ApiProperty({ example: 'credentials' }) service: string;
  @ApiProperty({ example: 'Credentials' }) title: string;
}

/** The domain of this slice: pure, unit-tested. */
export function describeService(): ServiceInfo {
  return { service: 'credentials', title: 'Credentials' };
}
