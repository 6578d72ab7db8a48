package vigil.analytics.track;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (Kuhn-Munkres with potentials, O(n²m)). Rectangular matrices
 * are fine: every row of the smaller side is assigned. Infeasible pairs carry {@link Double#POSITIVE_INFINITY}
 * and are never reported as assigned.
 *
 * <p>An instance keeps its work arrays across calls ({@link #solve(double[], int, int, int[])}): a tracker solving
 * an assignment each frame allocates nothing once they have grown to its matrices. Not thread-safe.
 */
public final class HungarianAssignment {

    private double[] u = new double[0];
    private double[] v = new double[0];
    private double[] minv = new double[0];
    private int[] p = new int[0];
    private int[] way = new int[0];
    private int[] rowToCol = new int[0];
    private boolean[] used = new boolean[0];

    /**
     * @param cost rows × columns, finite or +infinity
     * @return for every row the assigned column, or -1
     */
    public static int[] solve(double[][] cost) {
        int rows = cost.length;
        if (rows == 0) return new int[0];
        int cols = cost[0].length;
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) System.arraycopy(cost[r], 0, flat, r * cols, cols);
        int[] result = new int[rows];
        new HungarianAssignment().solve(flat, rows, cols, result);
        return result;
    }

    /**
     * Assigns the rows of {@code cost} ({@code rows} × {@code cols}, row after row, finite or +infinity): for every
     * row the assigned column, or -1, into {@code result} (at least {@code rows} long).
     */
    public void solve(double[] cost, int rows, int cols, int[] result) {
        Arrays.fill(result, 0, rows, -1);
        if (rows == 0 || cols == 0) return;
        // the smaller side is matched into the larger: rows into columns, or (transposed) columns into rows
        boolean transposed = rows > cols;
        int n = transposed ? cols : rows, m = transposed ? rows : cols; // n <= m
        double big = 1;
        for (int k = 0; k < rows * cols; k++) if (Double.isFinite(cost[k])) big = Math.max(big, Math.abs(cost[k]));
        big = big * (n + 1) * 10; // stands in for infinity without breaking the potentials
        grow(n, m);
        Arrays.fill(u, 0, n + 1, 0);
        Arrays.fill(v, 0, m + 1, 0);
        Arrays.fill(p, 0, m + 1, 0);
        Arrays.fill(way, 0, m + 1, 0);
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, 0, m + 1, Double.POSITIVE_INFINITY);
            Arrays.fill(used, 0, m + 1, false);
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double c = transposed ? cost[(j - 1) * cols + i0 - 1] : cost[(i0 - 1) * cols + j - 1];
                    double cur = (Double.isFinite(c) ? c : big) - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        Arrays.fill(rowToCol, 0, n, -1);
        for (int j = 1; j <= m; j++) {
            if (p[j] == 0) continue;
            double c = transposed ? cost[(j - 1) * cols + p[j] - 1] : cost[(p[j] - 1) * cols + j - 1];
            if (Double.isFinite(c)) rowToCol[p[j] - 1] = j - 1;
        }
        if (!transposed) {
            System.arraycopy(rowToCol, 0, result, 0, n);
            return;
        }
        for (int r = 0; r < n; r++) if (rowToCol[r] >= 0) result[rowToCol[r]] = r;
    }

    private void grow(int n, int m) {
        if (u.length < n + 1) {
            u = new double[n + 1];
            rowToCol = new int[n + 1];
        }
        if (v.length < m + 1) {
            v = new double[m + 1];
            minv = new double[m + 1];
            p = new int[m + 1];
            way = new int[m + 1];
            used = new boolean[m + 1];
        }
    }
}
