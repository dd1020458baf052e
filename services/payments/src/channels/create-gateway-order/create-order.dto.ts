import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn } from 'class-validator';
import { GatewayProvider } from '../gateway-orders.repository';

export class CreateOrderDto {
  @ApiProperty({ enum: ['vnpay', 'momo'] })
  @IsIn(['vnpay', 'momo'], { message: 'provider must be vnpay or momo' })
  provider!: GatewayProvider;
  @ApiPropertyOptional({ description: 'Integer VND string; default: what is still owed.' })
  @Allow()
  amount?: string;
}
