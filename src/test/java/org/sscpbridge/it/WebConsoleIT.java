package org.sscpbridge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sscpbridge.it.support.BridgeProcess;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.it.support.TestPhone;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * The Web Console page "SSCP Bridge" in a real headless browser (Debian's chromium through its chromedriver)
 * against the real bridge in Felix, with a simulated phone registered at a real Kamailio: the page lists the
 * phone and its lines' registration, its Disable button really closes the SSCP port, Enable opens it again;
 * the JSON view answers scripts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEVICE = "SEP0000000041A1";
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path work;

    private KamailioServer kamailio;
    private BridgeProcess bridge;
    private InetSocketAddress sscp;
    private TestPhone phone;
    private WebDriver browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new AssertionError(CHROMIUM + " and " + CHROMEDRIVER + " are needed: run bin/install-test-peers");
        }
        kamailio = KamailioServer.start(work, Map.of("4101", "pw4101", "4102", "pw4102"));
        int sscpPort = FreePorts.udp();
        sscp = new InetSocketAddress("127.0.0.1", sscpPort);
        bridge = BridgeProcess.start(work, Map.of(
                "sscp.address", "127.0.0.1",
                "sscp.port", String.valueOf(sscpPort),
                "sip.port", String.valueOf(FreePorts.udp()),
                "sip.registrar", kamailio.uri(),
                "register.retry.base", "30"), Map.of(
                // Line 2's password is wrong: the page must show that line failing, and why.
                "sscp.device-web", Map.of("device.id", DEVICE,
                        "line1.number", "4101", "line1.password", "pw4101", "line1.name", "Web One",
                        "line2.number", "4102", "line2.password", "not-the-password", "line2.name", "Web Two")));
        awaitConsole();
        Thread.sleep(1_000); // FileInstall hands the device file over shortly after start
        phone = registered();
        browser = chromium();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        for (AutoCloseable c : new AutoCloseable[] {phone, bridge, kamailio}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private TestPhone registered() throws Exception {
        TestPhone p = phone != null ? phone : new TestPhone(sscp);
        p.forget();
        p.send(new PhoneMessage.Register(DEVICE, "AP-IP300", "1.0", null, null));
        p.await(BridgeMessage.RegisterAck.class, a -> true, WAIT);
        p.await(BridgeMessage.Display.class, d -> d.text().equals("Line 4101: registered"), WAIT);
        return p;
    }

    private String base() {
        return "http://127.0.0.1:" + bridge.httpPort() + "/system/console/";
    }

    private HttpResponse<String> get(String path, boolean login) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
        if (login) {
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Web Console comes up beside the bridge; the page appears once SCR hands it over. */
    private void awaitConsole() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get("sscp.json", true).statusCode() == 200);
    }

    private WebDriver chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
    }

    private By phoneRow() {
        return By.cssSelector("#sscp-phones tr[data-device='" + DEVICE + "']");
    }

    private void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(BridgeProcess.home().resolve("target/webconsole"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(1)
    void thePageListsThePhoneItsLinesDndAndForwards() throws Exception {
        phone.send(new PhoneMessage.PhoneStatus(null, OnOff.ON, null));
        String forward = bridge.run("sscp:forward " + DEVICE + " all 4999");
        assertTrue(forward.contains("4999"), forward);
        // Line 2 is refused by Kamailio (wrong password): wait until the bridge says so.
        bridge.awaitOutput("sscp:phones", "4102 failed", WAIT);

        browser.get("http://admin:admin@127.0.0.1:" + bridge.httpPort() + "/system/console/sscp");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sscp-enabled"), "enabled"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(phoneRow(), "4101 registered"));
        // The script refreshes the page from sscp.json: DND set just before shows up without a reload.
        waiting().until(d -> d.findElement(phoneRow()).findElements(By.tagName("td")).get(4).getText().equals("on"));
        WebElement row = browser.findElement(phoneRow());
        String text = row.getText();
        assertTrue(text.contains("127.0.0.1:" + phone.address().getPort()), text);
        assertTrue(text.contains("registered"), text);
        assertTrue(text.contains("line 1: 4101 registered"), text);
        assertTrue(text.matches("(?s).*line 2: 4102 failed \\(.*(401|403).*\\).*"), text);
        assertTrue(text.contains("s ago"), text);
        String forwards = browser.findElement(By.id("sscp-forwards")).getText();
        assertTrue(forwards.contains(DEVICE) && forwards.contains("all") && forwards.contains("4999"), forwards);
        assertTrue(browser.findElement(By.id("sscp-counters")).getText().contains("phones"), "counters shown");
        assertTrue(browser.findElement(By.id("sscp-status")).getText().startsWith("SSCP bridge: enabled"));
        assertTrue(browser.findElement(By.id("sscp-calls")).getText().contains("no live call"));
        assertFalse(browser.findElement(By.id("sscp-updated")).getText().startsWith("refresh failed"),
                browser.findElement(By.id("sscp-updated")).getText());
        screenshot("sscp-page.png");
    }

    @Test
    @Order(2)
    void theJsonViewServesScriptsBehindTheLogin() throws Exception {
        assertEquals(401, get("sscp.json", false).statusCode(), "the Web Console's login guards the JSON too");
        HttpResponse<String> r = get("sscp.json", true);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonNode d = new ObjectMapper().readTree(r.body());
        assertTrue(d.get("enabled").asBoolean(), r.body());
        JsonNode p = d.get("phones").get(0);
        assertEquals(DEVICE, p.get("deviceId").asText());
        assertEquals("127.0.0.1:" + phone.address().getPort(), p.get("address").asText());
        assertEquals("4101", p.get("lines").get(0).get("number").asText());
        assertEquals("registered", p.get("lines").get(0).get("registration").asText());
        assertEquals("4102", p.get("lines").get(1).get("number").asText());
        assertEquals("failed", p.get("lines").get(1).get("registration").asText());
        assertFalse(p.get("lines").get(1).get("reason").asText().isEmpty(), r.body());
        assertTrue(p.get("dnd").asBoolean(), r.body());
        assertEquals("4999", p.get("forwards").get(0).get("target").asText());
        assertTrue(d.get("calls").isArray() && d.get("calls").isEmpty(), r.body());
        assertEquals(1, d.get("counters").get("phones").asInt(), r.body());
        assertEquals(1, d.get("counters").get("linesRegistered").asInt(), r.body());
        assertEquals(0, d.get("counters").get("calls").asInt(), r.body());
        assertTrue(d.get("status").get("text").asText().contains("SSCP bridge: enabled"), r.body());
    }

    @Test
    @Order(3)
    void disableClosesTheSscpPortAndEnableOpensIt() throws Exception {
        browser.get("http://admin:admin@127.0.0.1:" + bridge.httpPort() + "/system/console/sscp");
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("sscp-disable"))).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sscp-enabled"), "disabled"));
        assertTrue(browser.findElement(By.id("sscp-notice")).getText().contains("disabled by admin"));
        phone.await(BridgeMessage.Reset.class, r -> true, WAIT);
        await().atMost(WAIT).until(() -> !kamailio.hasBinding("4101"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sscp-phones"), "no phone registered"));
        screenshot("sscp-page-disabled.png");

        // The SSCP port is really closed: a Register gets no answer, and the port can be bound again.
        phone.forget();
        phone.send(new PhoneMessage.Register(DEVICE, "AP-IP300", "1.0", null, null));
        assertFalse(phone.receives(BridgeMessage.RegisterAck.class, Duration.ofSeconds(2)),
                "a disabled bridge must not answer");
        try (DatagramSocket s = new DatagramSocket(sscp)) {
            assertEquals(sscp.getPort(), s.getLocalPort());
        }

        waiting().until(ExpectedConditions.elementToBeClickable(By.id("sscp-enable"))).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sscp-enabled"), "enabled"));
        assertTrue(browser.findElement(By.id("sscp-notice")).getText().contains("enabled by admin"));
        registered();
        await().atMost(WAIT).until(() -> kamailio.hasBinding("4101"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(phoneRow(), "4101 registered"));
        screenshot("sscp-page-enabled-again.png");
    }
}
