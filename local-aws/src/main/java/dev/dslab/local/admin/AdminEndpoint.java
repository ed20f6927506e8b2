package dev.dslab.local.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One control of a service's model, reached at {@code /_dslab/<signing name>/<name>} by the holder of the
 * admin token: GET reads the setting, POST (with a JSON body) changes it. Both answer JSON.
 */
@FunctionalInterface
public interface AdminEndpoint {

    /**
     * @param method GET or POST
     * @param body   the POST body ({@code null} for GET)
     * @return what to answer, serialised as JSON
     * @throws AdminException for a request the endpoint refuses (bad value, wrong method)
     */
    Object handle(String method, JsonNode body);
}
