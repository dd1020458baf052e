import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { isKafkaRefusal } from './messaging.module';

describe('isKafkaRefusal: start-up stops for a refusal, not for an outage', () => {
  it('is a refusal when the broker rejects the credentials, also as a cause', () => {
    // kafkajs' typings declare no constructor arguments; at run time it takes the message.
    const Sasl = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    const sasl = new Sasl('SASL SCRAM SHA512 authentication failed: Authentication failed');
    expect(isKafkaRefusal(sasl)).toBe(true);
    expect(isKafkaRefusal(new KafkaJSNonRetriableError(sasl))).toBe(true);
  });

  it('is a refusal when an ACL denies the principal', () => {
    const denied = new KafkaJSProtocolError({
      message: 'Not authorized to access topics: [Topic authorization failed]',
      type: 'TOPIC_AUTHORIZATION_FAILED',
      code: 29,
    } as never);
    expect(isKafkaRefusal(denied)).toBe(true);
    expect(isKafkaRefusal(new KafkaJSNonRetriableError(denied))).toBe(true);
  });

  it('is not a refusal when the broker does not answer', () => {
    const refused = new KafkaJSConnectionError(
      'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    );
    expect(isKafkaRefusal(refused)).toBe(false);
    expect(isKafkaRefusal(new KafkaJSNonRetriableError(refused))).toBe(false);
    expect(isKafkaRefusal(new Error('timeout'))).toBe(false);
    expect(isKafkaRefusal(undefined)).toBe(false);
  });
});
