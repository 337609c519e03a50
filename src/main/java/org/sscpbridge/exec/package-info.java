/**
 * Threads of control shared by the layers: a serial executor gives each phone and each SIP dialog
 * its events one at a time on a small shared pool (DESIGN.md "Threads"). Imports nothing above it.
 */
package org.sscpbridge.exec;
