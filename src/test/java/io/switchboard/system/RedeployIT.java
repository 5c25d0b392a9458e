package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * Deploy, undeploy, three times in one Payara Micro, then the final deployment: asadmin's deploy and undeploy run
 * inside the process from a post-boot command file (Payara Micro has no remote admin). The last deployment must find
 * its Socket.IO port free, register its MBean once, and run the threads of one deployment only.
 */
class RedeployIT {

    private static final String NAME = "redeploy";
    private static final Pattern NETTY_GROUP = Pattern.compile("nioEventLoopGroup-(\\d+)-\\d+");

    @Test
    void threeRedeploysLeaveOneWorkingDeploymentAndNoLeftovers() throws Exception {
        int jmxPort = PayaraNode.freePort();
        int socketIoPort = PayaraNode.freePort();
        String war = Path.of(SystemTestSupport.WAR_PATH).toAbsolutePath().toString();
        StringBuilder commands = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            commands.append("deploy --name switchboard --contextroot / ").append(war).append('\n');
            commands.append("undeploy switchboard\n");
        }
        Path commandFile = Files.createTempFile(Path.of("target"), "redeploy-", ".asadmin");
        Files.writeString(commandFile, commands);
        try (PayaraNode node = PayaraNode.start(NAME, Map.of(
                "switchboard.node-id", NAME,
                "switchboard.socketio.port", String.valueOf(socketIoPort),
                "com.sun.management.jmxremote.port", String.valueOf(jmxPort),
                "com.sun.management.jmxremote.rmi.port", String.valueOf(jmxPort),
                "com.sun.management.jmxremote.authenticate", "false",
                "com.sun.management.jmxremote.ssl", "false",
                "com.sun.management.jmxremote.host", "127.0.0.1",
                "java.rmi.server.hostname", "127.0.0.1"),
                List.of("--postbootcommandfile", commandFile.toString()))) {
            // The post-boot deployments answer health too: wait for the end of the boot, then for the last one.
            SystemTestSupport.awaitValue(() -> read(node.log()), text -> text.contains("Payara Micro ")
                    && text.contains(" ready in "), Duration.ofSeconds(300), Duration.ofSeconds(1), "Payara Micro ready");
            node.awaitHealth(body -> body.contains("\"status\":\"UP\"") && body.contains("\"socketio\":{\"status\":\"UP\""));

            String log = read(node.log());
            assertEquals(3, count(log, "Socket.IO server stopped"), "three undeploys stopped Socket.IO");
            assertEquals(4, count(log, "Socket.IO listening on"), "four deployments bound the Socket.IO port");
            assertFalse(log.contains("Socket.IO transport is DOWN"), "a deployment found the port taken");
            assertFalse(log.contains("InternalThreadLocalMap"), "netty's thread locals outlived a deployment");
            assertFalse(log.contains("was still registered; replacing it"), "an undeploy left the MBean behind");

            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                assertEquals(NAME, server.getAttribute(new ObjectName("switchboard:type=Hub"), "NodeId"));
                ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server,
                        ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
                Set<String> nettyGroups = new TreeSet<>();
                Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds())).filter(info -> info != null)
                        .map(ThreadInfo::getThreadName).forEach(thread -> {
                            Matcher matcher = NETTY_GROUP.matcher(thread);
                            if (matcher.matches()) {
                                nettyGroups.add(matcher.group(1));
                            }
                        });
                // One Socket.IO server: a boss group and a worker group; earlier deployments' groups are gone.
                assertTrue(nettyGroups.size() <= 2, () -> "netty event loop groups alive: " + nettyGroups);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(file.toString(), e);
        }
    }

    private static int count(String text, String what) {
        int found = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            found++;
        }
        return found;
    }
}
