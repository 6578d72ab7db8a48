/** Pure frame processing: no I/O, no RTSP, no SQL, no HTTP. */
package vigil.analytics;
