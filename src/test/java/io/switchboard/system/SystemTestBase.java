package io.switchboard.system;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys the built WAR, unchanged, on a fresh Payara Micro per test class and hands each test a
 * {@link SwitchboardApi} on loopback. Tests run as clients: black box, over HTTP only.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class SystemTestBase {

    @ArquillianResource
    private URL deploymentUrl;

    protected SwitchboardApi api;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return SystemTestSupport.switchboardWar();
    }

    @BeforeEach
    void openApi() {
        api = new SwitchboardApi(deploymentUrl);
    }

    @AfterEach
    void closeApi() {
        if (api != null) {
            api.close();
        }
    }
}
