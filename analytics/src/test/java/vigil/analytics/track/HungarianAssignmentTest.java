package vigil.analytics.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HungarianAssignmentTest {

    @Test
    void findsTheCheapestAssignmentOfASquareMatrix() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertThat(HungarianAssignment.solve(cost)).containsExactly(1, 0, 2); // 1 + 2 + 2 = 5
    }

    @Test
    void rectangularAndInfeasiblePairsAreLeftUnassigned() {
        double inf = Double.POSITIVE_INFINITY;
        assertThat(HungarianAssignment.solve(new double[][] {{1, 9, 9, 0.5}})).containsExactly(3);
        assertThat(HungarianAssignment.solve(new double[][] {{1}, {0.5}, {2}})).containsExactly(-1, 0, -1);
        assertThat(HungarianAssignment.solve(new double[][] {{inf, inf}, {inf, 1}})).containsExactly(-1, 1);
    }

    @Test
    void agreesWithBruteForceOnRandomMatrices() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(6);
            double[][] cost = new double[n][n];
            for (double[] row : cost) for (int j = 0; j < n; j++) row[j] = random.nextInt(100);
            int[] got = HungarianAssignment.solve(cost);
            double total = 0;
            for (int i = 0; i < n; i++) total += cost[i][got[i]];
            assertThat(total).isEqualTo(best(cost, 0, new boolean[n]));
        }
    }

    private static double best(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) return 0;
        double min = Double.MAX_VALUE;
        for (int j = 0; j < cost.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            min = Math.min(min, cost[row][j] + best(cost, row + 1, used));
            used[j] = false;
        }
        return min;
    }
}
