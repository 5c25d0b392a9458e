package io.switchboard.cluster;

import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * No master could be located. An outage like any other (the outbox covers it), but one that is most likely a
 * configuration error, so its message names the setting to check and the reader logs it at SEVERE.
 */
final class MasterNotFoundException extends JedisConnectionException {

    MasterNotFoundException(String message) {
        super(message);
    }
}
