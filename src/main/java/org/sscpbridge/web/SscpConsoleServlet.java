package org.sscpbridge.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeException;
import org.sscpbridge.bridge.BridgeStatus;

/**
 * The Web Console plugin "SSCP Bridge" (label {@code sscp}). The Web Console frames a GET of
 * {@code /system/console/sscp} and hands it here for the content; {@code /system/console/sscp.json} (a name with
 * an extension) comes here unframed. A POST ({@code action=enable|disable}) calls the bridge and sends the browser
 * back to the page. Thin: every answer comes from {@link BridgeControl}, the same API as the Gogo commands.
 */
public class SscpConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SscpConsoleServlet.class);
    /** The Web Console's request attribute holding the plugin's own path. */
    static final String PLUGIN_ROOT = "felix.webconsole.pluginRoot";
    static final String LABEL = "sscp";

    private final transient BridgeControl bridge;
    private volatile String lastAction;

    public SscpConsoleServlet(BridgeControl bridge) {
        this.bridge = bridge;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        BridgeView view = BridgeView.of(bridge);
        if (req.getRequestURI() != null && req.getRequestURI().endsWith(".json")) {
            resp.setContentType("application/json");
            resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
            resp.setHeader("Cache-Control", "no-store");
            resp.getWriter().write(view.toJson());
            return;
        }
        // The Web Console has already started the HTML response around this content.
        resp.getWriter().write(SscpPage.render(pluginRoot(req), view, lastAction));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!sameOrigin(req.getHeader("Origin"), req.getHeader("Referer"), req.getHeader("Host"))) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "cross-site request refused");
            return;
        }
        String action = String.valueOf(req.getParameter("action")).toLowerCase(Locale.ROOT);
        String user = req.getRemoteUser() == null ? "web console" : req.getRemoteUser();
        String outcome;
        switch (action) {
            case "enable" -> {
                try {
                    BridgeStatus s = bridge.enable();
                    outcome = "enabled by " + user + (s.enabled() ? "" : " (still disabled)");
                } catch (BridgeException e) {
                    outcome = "enable by " + user + " failed: " + e.getMessage();
                }
            }
            case "disable" -> {
                bridge.disable();
                outcome = "disabled by " + user;
            }
            default -> {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "action must be enable or disable");
                return;
            }
        }
        LOG.info("web console: bridge {}", outcome);
        lastAction = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ": " + outcome;
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", pluginRoot(req));
    }

    private static String pluginRoot(HttpServletRequest req) {
        Object root = req.getAttribute(PLUGIN_ROOT);
        return root != null ? root.toString() : req.getContextPath() + req.getServletPath() + "/" + LABEL;
    }

    /**
     * Whether a POST comes from a page of this server: a browser names the page's origin (Origin, or else
     * Referer) on a form POST, so another site cannot make a logged-in browser disable the bridge. A client
     * that sends neither (a script) is no browser and is let through; it still had to log in.
     */
    static boolean sameOrigin(String origin, String referer, String host) {
        String claimed = origin != null ? origin : referer;
        if (claimed == null) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(claimed);
            String authority = uri.getRawAuthority();
            if (authority == null) {
                return false;
            }
            int at = authority.lastIndexOf('@');
            return authority.substring(at + 1).equalsIgnoreCase(host);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
