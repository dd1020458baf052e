import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { CREATE_REGISTER } from '../registers-access';
import { CreateRegisterDto } from './create-register.dto';
import { CreateRegisterService } from './create-register.service';

@ApiTags('registers')
@ApiBearerAuth()
@Controller('registers')
export class CreateRegisterController {
  constructor(private readonly service: CreateRegisterService) {}

  /**
   * A historic register's metadata (the paper book): 201 with its id. 422 names bad fields;
   * 409 when the kind already has the register code; 403 for a school outside the caller's reach
   * or, for a commune, an upper-secondary register.
   */
  @Post()
  @Policy(CREATE_REGISTER)
  @ApiCreatedResponse({ description: 'the register, with its counts' })
  create(@Body() dto: CreateRegisterDto, @Access() access: AccessContext) {
    return this.service.create(dto, access);
  }
}
