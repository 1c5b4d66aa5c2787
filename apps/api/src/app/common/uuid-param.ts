import { IsUUID } from 'class-validator';

export class UuidParam {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
